"""Domain errors raised by services; the API layer turns them into the Cactus error envelope."""


class DomainError(Exception):
    def __init__(self, message: str, code: int = 0):
        super().__init__(message)
        self.message = message
        self.code = code


class NotFound(DomainError):
    pass


class ValidationFailed(DomainError):
    pass
