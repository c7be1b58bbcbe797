"""OpenAPI security schemes of our authentication classes, so Swagger UI can send a token."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "config.api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API token (`manage.py create_api_token`) or the access_token of POST /api/lite/auth",
        }


class StaffSessionScheme(OpenApiAuthenticationExtension):
    target_class = "config.api.authentication.StaffSessionAuthentication"
    name = "staffSession"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid", "description": "Staff logged into the admin"}
