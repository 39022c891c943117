"""User-facing failures: one clear line and an exit code, never a traceback."""


class UserError(Exception):
    """A mistake or a condition the user can fix; printed as one line."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code
