"""A production-like stack on this machine, from Debian and PyPI packages only (issue 18):

    PostgreSQL 15  its own instance (initdb/pg_ctl from /usr/lib/postgresql/15/bin), data in .stack/pg,
                   database mobility_stack: migrated, setup_roles, load_reference_data --if-empty
    Redis          its own redis-server, started from ops/redis.conf (maxmemory 64mb, allkeys-lru)
    2 app instances gunicorn portal.wsgi, 2 sync workers each, the production settings
    nginx          ops/nginx.conf: load balancer over both instances and HTTP cache

    .venv/bin/python ops/stack.py start     # or `make stack`; prints the address to open
    .venv/bin/python ops/stack.py stop      # or `make stack-stop`: stops everything it started
    .venv/bin/python ops/stack.py status
    .venv/bin/python ops/stack.py manage createsuperuser   # any manage.py command, on the stack's database

Everything listens on 127.0.0.1 only. Environment (defaults in brackets):
    STACK_DIR [.stack]  STACK_PORT [8080] (nginx)  STACK_APP_PORTS [8081,8082]  STACK_REDIS_PORT [6390]
    STACK_PG_PORT [5440]  STACK_PAGE_CACHE_SECONDS [5]  STACK_PG_BIN [/usr/lib/postgresql/15/bin]
    STACK_GUNICORN_ARGS [none]: more gunicorn options

It never touches the machine's own Redis (6379) or PostgreSQL cluster (5432): both are separate
processes of the stack's own, with their state in STACK_DIR. The app runs with
DJANGO_SETTINGS_MODULE=benchmarks.bench_settings, which is portal.settings.prod with only STATIC_ROOT
moved (to STACK_DIR/static, so that collectstatic never writes the working tree); every other value
comes from the environment as in production: a SECRET_KEY generated once and kept in STACK_DIR,
ALLOWED_HOSTS=127.0.0.1,localhost, SECURE_SSL_REDIRECT=false (no TLS on loopback), TRUSTED_PROXY_COUNT=1
(nginx), PAGE_CACHE_SECONDS small so that the HTTP cache's delay can be watched.

The functions (start, stop, start_redis, stop_redis, restart_postgres, start_app, kill_app, manage, …)
are what tests/stack/ uses to inject faults.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DATABASE = "mobility_stack"
APT_PACKAGES = ("redis-server", "nginx")


def log(*args):
    print(*args, flush=True)


@dataclass
class Config:
    state: Path = ROOT / ".stack"
    port: int = 8080
    app_ports: tuple = (8081, 8082)
    redis_port: int = 6390
    pg_port: int = 5440
    page_cache_seconds: int = 5
    pg_bin: Path = Path("/usr/lib/postgresql/15/bin")
    extra_env: dict = field(default_factory=dict)

    @classmethod
    def from_env(cls, **overrides):
        env = os.environ
        values = dict(
            state=Path(env.get("STACK_DIR", ROOT / ".stack")).resolve(),
            port=int(env.get("STACK_PORT", "8080")),
            app_ports=tuple(int(p) for p in env.get("STACK_APP_PORTS", "8081,8082").split(",")),
            redis_port=int(env.get("STACK_REDIS_PORT", "6390")),
            pg_port=int(env.get("STACK_PG_PORT", "5440")),
            page_cache_seconds=int(env.get("STACK_PAGE_CACHE_SECONDS", "5")),
            pg_bin=Path(env.get("STACK_PG_BIN", "/usr/lib/postgresql/15/bin")),
        )
        values.update(overrides)
        return cls(**values)

    @property
    def run(self) -> Path:
        return self.state / "run"

    @property
    def logs(self) -> Path:
        return self.state / "log"

    @property
    def pg_data(self) -> Path:
        return self.state / "pg" / "data"

    @property
    def database_url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.pg_port}/{DATABASE}"

    @property
    def redis_url(self) -> str:
        return f"redis://127.0.0.1:{self.redis_port}/0"

    @property
    def address(self) -> str:
        return f"http://127.0.0.1:{self.port}/"


# --- processes ------------------------------------------------------------------------------------


def _pid_file(cfg, name) -> Path:
    return cfg.run / f"{name}.pid"


def _alive(pid) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie (a child of this process not yet waited for) counts as gone
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def _recorded(cfg, name):
    """The pid recorded for `name`, if that process still runs and is still the one started."""
    path = _pid_file(cfg, name)
    try:
        record = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    pid = record["pid"]
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return None
    if record["marker"] not in cmdline or not _alive(pid):
        return None
    return pid


def _spawn(cfg, name, command, *, env=None, marker=None):
    """Start a long-running process in its own session (it outlives this script), output to its log."""
    cfg.run.mkdir(parents=True, exist_ok=True)
    cfg.logs.mkdir(parents=True, exist_ok=True)
    with open(cfg.logs / f"{name}.log", "ab") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
    marker = marker or command[-1]
    _pid_file(cfg, name).write_text(json.dumps({"pid": process.pid, "marker": marker}))
    return process


def _stop_pid(cfg, name, sig=signal.SIGTERM, timeout=15.0, group=True):
    """Signal the recorded process (its whole process group: gunicorn's workers too), wait, then
    SIGKILL what is left. Returns whether something was running."""
    pid = _recorded(cfg, name)
    if pid is None:
        _pid_file(cfg, name).unlink(missing_ok=True)
        return False
    send = (lambda s: os.killpg(pid, s)) if group else (lambda s: os.kill(pid, s))
    try:
        send(sig)
    except ProcessLookupError:
        pass
    deadline = time.monotonic() + timeout
    while _alive(pid) and time.monotonic() < deadline:
        _reap(pid)
        time.sleep(0.05)
    if _alive(pid):
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    _reap(pid)
    if group:
        _wait_group_gone(pid, timeout)
    _pid_file(cfg, name).unlink(missing_ok=True)
    return True


def _reap(pid):
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def _wait_group_gone(pgid, timeout):
    """Wait until no process of that group remains (gunicorn workers after their master), else kill it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _group_members(pgid):
            return
        time.sleep(0.05)
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _group_members(pgid):
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                members.append(int(entry.name))
    return members


def port_open(port, host="127.0.0.1") -> bool:
    with socket.socket() as s:
        s.settimeout(0.3)
        return s.connect_ex((host, port)) == 0


def _check_port_free(port, what):
    if port_open(port):
        raise SystemExit(f"port {port} ({what}) is already in use on 127.0.0.1; choose another (see ops/stack.py)")


def http_get(port, path, host="127.0.0.1", timeout=5.0):
    """(status, headers, body) of a GET on 127.0.0.1:port, Host `host`."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": host})
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def wait_until(check, timeout, what, interval=0.05):
    """Poll `check` until it returns something true; the seconds it took. SystemExit on timeout."""
    started = time.monotonic()
    while True:
        try:
            if check():
                return time.monotonic() - started
        except OSError:
            pass
        if time.monotonic() - started > timeout:
            raise SystemExit(f"{what}: not ready after {timeout:.0f} s")
        time.sleep(interval)


# --- packages -------------------------------------------------------------------------------------


def _binary(name):
    return shutil.which(name) or next((p for p in (f"/usr/sbin/{name}", f"/usr/bin/{name}") if os.access(p, os.X_OK)), None)


def ensure_packages():
    missing = [package for package, binary in zip(APT_PACKAGES, ("redis-server", "nginx")) if not _binary(binary)]
    if not missing:
        return
    command = ["apt-get", "install", "-y", *APT_PACKAGES]
    if os.geteuid() != 0:
        raise SystemExit(f"missing Debian packages {', '.join(missing)}: run  sudo {' '.join(command)}")
    log(f"installing {' '.join(missing)}: {' '.join(command)}")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    if subprocess.run(command, env=env).returncode:
        subprocess.run(["apt-get", "update"], env=env, check=True)
        subprocess.run(command, env=env, check=True)


# --- Redis ----------------------------------------------------------------------------------------


def start_redis(cfg):
    if _recorded(cfg, "redis"):
        return
    _check_port_free(cfg.redis_port, "Redis")
    folder = cfg.state / "redis"
    folder.mkdir(parents=True, exist_ok=True)
    command = [_binary("redis-server"), str(ROOT / "ops" / "redis.conf"), "--bind", "127.0.0.1",
               "--port", str(cfg.redis_port), "--dir", str(folder), "--daemonize", "no",
               "--protected-mode", "yes", "--logfile", ""]  # fmt: skip
    _spawn(cfg, "redis", command, marker=f"127.0.0.1:{cfg.redis_port}")
    wait_until(lambda: redis_ping(cfg), 10, "redis-server")


def redis_ping(cfg) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", cfg.redis_port), timeout=0.5) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def stop_redis(cfg):
    return _stop_pid(cfg, "redis")


# --- PostgreSQL -----------------------------------------------------------------------------------


def _as_postgres(command):
    """Run a PostgreSQL server command as the postgres user when this script is root (initdb and the
    server refuse to run as root)."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def _pg_ctl(cfg, *args, check=True, timeout=60):
    command = _as_postgres([str(cfg.pg_bin / "pg_ctl"), "-D", str(cfg.pg_data), *args])
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd="/")
    if check and result.returncode:
        tail = ""
        try:
            tail = (cfg.logs / "postgres.log").read_text()[-2000:]
        except OSError:
            pass
        raise SystemExit(f"pg_ctl {' '.join(args)} failed: {result.stdout}{result.stderr}\n{tail}")
    return result


def init_postgres(cfg):
    if (cfg.pg_data / "PG_VERSION").exists():
        return
    log(f"PostgreSQL: initdb {cfg.pg_data}")
    cfg.pg_data.mkdir(parents=True, exist_ok=True)
    cfg.logs.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(cfg.pg_data.parent, "postgres")
        shutil.chown(cfg.pg_data, "postgres")
        shutil.chown(cfg.logs, "postgres")
    command = _as_postgres([str(cfg.pg_bin / "initdb"), "-D", str(cfg.pg_data), "-U", "postgres", "--auth=trust",
                            "--encoding=UTF8", "--locale=C.UTF-8"])  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd="/")
    if result.returncode:
        raise SystemExit(f"initdb failed:\n{result.stdout}{result.stderr}")
    with open(cfg.pg_data / "postgresql.conf", "a") as conf:
        conf.write("\n# ops/stack.py: port and addresses, rewritten at every start\ninclude_if_exists = 'stack.conf'\n")


def start_postgres(cfg):
    init_postgres(cfg)
    if postgres_running(cfg):
        return
    _check_port_free(cfg.pg_port, "PostgreSQL")
    (cfg.pg_data / "stack.conf").write_text(
        f"port = {cfg.pg_port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\n"
        "max_connections = 100\nshared_buffers = 64MB\n"
    )
    if os.geteuid() == 0:
        shutil.chown(cfg.pg_data / "stack.conf", "postgres")
        shutil.chown(cfg.logs, "postgres")
    _pg_ctl(cfg, "-l", str(cfg.logs / "postgres.log"), "-w", "-t", "30", "start")


def postgres_running(cfg) -> bool:
    return (cfg.pg_data / "PG_VERSION").exists() and _pg_ctl(cfg, "status", check=False).returncode == 0


def restart_postgres(cfg):
    """A fast restart (clients are disconnected), as `pg_ctlcluster … restart` does; returns when it
    accepts connections again."""
    _pg_ctl(cfg, "-l", str(cfg.logs / "postgres.log"), "-m", "fast", "-w", "-t", "30", "restart")


def stop_postgres(cfg):
    if postgres_running(cfg):
        _pg_ctl(cfg, "-m", "fast", "-w", "-t", "30", "stop", check=False)
        return True
    return False


def create_database(cfg):
    import psycopg

    admin = f"postgres://postgres@127.0.0.1:{cfg.pg_port}/postgres"
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone():
            log(f"PostgreSQL: CREATE DATABASE {DATABASE}")
            connection.execute(f"CREATE DATABASE {DATABASE}")


# --- the app --------------------------------------------------------------------------------------


def secret_key(cfg) -> str:
    path = cfg.state / "secret_key"
    if not path.exists():
        cfg.state.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


def app_env(cfg) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="benchmarks.bench_settings",  # portal.settings.prod, STATIC_ROOT moved
        BENCH_STATIC_ROOT=str(cfg.state / "static"),
        SECRET_KEY=secret_key(cfg),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        CSRF_TRUSTED_ORIGINS=f"http://127.0.0.1:{cfg.port},http://localhost:{cfg.port}",
        SECURE_SSL_REDIRECT="false",
        TRUSTED_PROXY_COUNT="1",
        DATABASE_URL=cfg.database_url,
        REDIS_URL=cfg.redis_url,
        PAGE_CACHE_SECONDS=str(cfg.page_cache_seconds),
        PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
        PYTHONUNBUFFERED="1",
    )
    env.update(cfg.extra_env)
    return env


def manage(cfg, *command, input_text=None, timeout=600, check=True):
    """manage.py against the stack's database and Redis; returns the CompletedProcess."""
    result = subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=app_env(cfg), input=input_text,
                            capture_output=True, text=True, timeout=timeout)  # fmt: skip
    if check and result.returncode:
        raise SystemExit(f"manage.py {' '.join(command)} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return result


def prepare_database(cfg):
    create_database(cfg)
    for command in (["migrate", "--noinput"], ["setup_roles"], ["load_reference_data", "--if-empty"]):
        started = time.monotonic()
        manage(cfg, *command)
        log(f"  manage.py {' '.join(command)}: {time.monotonic() - started:.1f} s")
    started = time.monotonic()
    manage(cfg, "collectstatic", "--noinput", "--verbosity", "0")
    log(f"  manage.py collectstatic (into {cfg.state / 'static'}): {time.monotonic() - started:.1f} s")


def _app_name(index):
    return f"app-{index + 1}"


def start_app(cfg, index, wait=True):
    name, port = _app_name(index), cfg.app_ports[index]
    if _recorded(cfg, name):
        return
    _check_port_free(port, name)
    gunicorn = Path(PYTHON).with_name("gunicorn")
    # --preload: the master loads Django before it opens its port, so a (re)starting instance refuses
    # connections (nginx sends the request to the other one) instead of accepting them and making them
    # wait seconds for its workers to boot (measured by tests/stack: up to 5 s without, 0 requests with).
    # Nothing opens a database or Redis connection at import, so nothing is shared across the fork.
    command = [str(gunicorn) if gunicorn.exists() else "gunicorn", "--workers", "2", "--worker-class", "sync",
               "--preload", "--timeout", "30", "--graceful-timeout", "5", "--no-control-socket",
               "--name", f"portal-stack-{name}", "--bind", f"127.0.0.1:{port}",
               *os.environ.get("STACK_GUNICORN_ARGS", "").split(), "portal.wsgi"]  # fmt: skip
    _spawn(cfg, name, command, env=app_env(cfg), marker=f"127.0.0.1:{port}")
    if wait:
        wait_app(cfg, index)


def wait_app(cfg, index, timeout=60):
    """Until the instance answers /readyz with 200 (its database reachable); the seconds it took."""
    port = cfg.app_ports[index]
    return wait_until(lambda: _recorded(cfg, _app_name(index)) and http_get(port, "/readyz")[0] == 200,
                      timeout, f"{_app_name(index)} on port {port} (log: {cfg.logs / (_app_name(index) + '.log')})")  # fmt: skip


def stop_app(cfg, index):
    return _stop_pid(cfg, _app_name(index))


def kill_app(cfg, index):
    """SIGKILL to the instance's master and workers at once, as a crash or an OOM kill of the container."""
    return _stop_pid(cfg, _app_name(index), sig=signal.SIGKILL, timeout=5)


def app_pid(cfg, index):
    return _recorded(cfg, _app_name(index))


# --- nginx ----------------------------------------------------------------------------------------


def _substitute(template: str, values: dict) -> str:
    """${NAME} for the given names only, as the nginx image's envsubst does with defined variables."""
    for name, value in values.items():
        template = template.replace("${" + name + "}", str(value))
    return template


def nginx_config(cfg) -> Path:
    folder = cfg.state / "nginx"
    for sub in ("cache", "tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:  # workers run as nobody: they write the cache and temporary files
        for path in [folder / "cache", *sorted((folder / "tmp").iterdir()), folder / "tmp"]:
            shutil.chown(path, "nobody")
    site = _substitute((ROOT / "ops" / "nginx.conf").read_text(), {
        "NGINX_LISTEN": f"127.0.0.1:{cfg.port}",
        "APP_SERVER_1": f"127.0.0.1:{cfg.app_ports[0]}",
        "APP_SERVER_2": f"127.0.0.1:{cfg.app_ports[1]}",
        "NGINX_CACHE_DIR": folder / "cache",
        "NGINX_COUNTS_LOG": cfg.logs / "nginx-counts.log",
    })  # fmt: skip
    (folder / "site.conf").write_text(site)
    main = f"""# Generated by ops/stack.py: the process-level settings of the stack's nginx; the site is ops/nginx.conf.
worker_processes 2;
pid {folder / "nginx.pid"};
error_log {cfg.logs / "nginx-error.log"} warn;
events {{ worker_connections 512; }}
http {{
    default_type application/octet-stream;
    # The upstream that answered and the cache status of every request (tests/stack reads it).
    log_format stack '$msec $status $request_time "$upstream_addr" $upstream_cache_status "$request"';
    access_log {cfg.logs / "nginx-access.log"} stack;
    client_body_temp_path {folder / "tmp/body"};
    proxy_temp_path {folder / "tmp/proxy"};
    fastcgi_temp_path {folder / "tmp/fastcgi"};
    uwsgi_temp_path {folder / "tmp/uwsgi"};
    scgi_temp_path {folder / "tmp/scgi"};
    include {folder / "site.conf"};
}}
"""
    (folder / "nginx.conf").write_text(main)
    return folder / "nginx.conf"


def start_nginx(cfg):
    if _recorded(cfg, "nginx"):
        return
    _check_port_free(cfg.port, "nginx")
    conf = nginx_config(cfg)
    nginx = _binary("nginx")
    prefix = str(cfg.state / "nginx") + "/"
    check = subprocess.run([nginx, "-t", "-q", "-p", prefix, "-e", str(cfg.logs / "nginx-error.log"), "-c", str(conf)],
                           capture_output=True, text=True, timeout=30)  # fmt: skip
    if check.returncode:
        raise SystemExit(f"nginx -t failed:\n{check.stdout}{check.stderr}")
    command = [nginx, "-p", prefix, "-e", str(cfg.logs / "nginx-error.log"), "-g", "daemon off;", "-c", str(conf)]
    _spawn(cfg, "nginx", command, marker=str(conf))
    wait_until(lambda: http_get(cfg.port, "/healthz")[0] == 200, 20, "nginx")


def stop_nginx(cfg):
    return _stop_pid(cfg, "nginx", sig=signal.SIGQUIT)


# --- the whole stack ------------------------------------------------------------------------------


def start(cfg):
    started = time.monotonic()
    ensure_packages()
    cfg.state.mkdir(parents=True, exist_ok=True)
    log(f"stack state in {cfg.state}")
    try:
        start_postgres(cfg)
        log(f"PostgreSQL on 127.0.0.1:{cfg.pg_port} (data {cfg.pg_data})")
        start_redis(cfg)
        log(f"Redis on 127.0.0.1:{cfg.redis_port} (ops/redis.conf)")
        prepare_database(cfg)
        for index in range(len(cfg.app_ports)):
            start_app(cfg, index, wait=False)
        for index in range(len(cfg.app_ports)):
            wait_app(cfg, index)
            log(f"app instance {index + 1} on 127.0.0.1:{cfg.app_ports[index]} (gunicorn, 2 sync workers)")
        start_nginx(cfg)
    except BaseException:
        log("the stack did not start; stopping what was started")
        stop(cfg)
        raise
    log(f"nginx on 127.0.0.1:{cfg.port}, in front of both instances ({time.monotonic() - started:.0f} s)")
    log(f"\nOpen {cfg.address}   (logs in {cfg.logs}; stop it with `make stack-stop`)")


def stop(cfg):
    stopped = []
    if stop_nginx(cfg):
        stopped.append("nginx")
    for index in range(len(cfg.app_ports)):
        if stop_app(cfg, index):
            stopped.append(_app_name(index))
    if stop_redis(cfg):
        stopped.append("redis")
    if stop_postgres(cfg):
        stopped.append("postgres")
    log(f"stopped: {', '.join(stopped) or 'nothing was running'}")


def status(cfg):
    for name in ["nginx", *(_app_name(i) for i in range(len(cfg.app_ports))), "redis"]:
        pid = _recorded(cfg, name)
        log(f"{name:8} {'running, pid ' + str(pid) if pid else 'stopped'}")
    log(f"{'postgres':8} {'running' if postgres_running(cfg) else 'stopped'}")


def main(argv):
    action = argv[1] if len(argv) > 1 else "start"
    cfg = Config.from_env()
    if action == "start":
        start(cfg)
    elif action == "stop":
        stop(cfg)
    elif action == "status":
        status(cfg)
    elif action == "manage":  # e.g. `ops/stack.py manage createsuperuser`, against the stack's database
        raise SystemExit(subprocess.run([PYTHON, "manage.py", *argv[2:]], cwd=ROOT, env=app_env(cfg)).returncode)
    else:
        raise SystemExit("usage: ops/stack.py start|stop|status|manage <command>")


if __name__ == "__main__":
    main(sys.argv)
