"""Errors that stop ccmkg with a clear message and exit code 2 (bad input)."""


class InputError(Exception):
    """Bad input: names the file and line (or the parameter) it comes from."""

    def __init__(self, where: str, message: str):
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


def at(path, line) -> str:
    """`file:line` for messages; line may be None when the whole file is at fault."""
    return f"{path}:{line}" if line else str(path)
