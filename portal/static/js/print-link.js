// "Print this page": a button only where printing from script works; without JavaScript the
// browser's own print command prints the same page (print stylesheet in site.css).
(function () {
  "use strict";
  document.querySelectorAll("[data-print-label]").forEach(function (holder) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button--secondary";
    button.textContent = holder.getAttribute("data-print-label");
    button.addEventListener("click", function () { window.print(); });
    holder.appendChild(button);
  });
}());
