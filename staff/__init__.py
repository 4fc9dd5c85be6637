"""Staff sign-in: the second factor (django-otp), the client address behind the proxy and the
lockout of repeated failed sign-ins (django-axes)."""
