"""LL701: an environment variable named like a secret holds a literal value."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator

from lambda_lint.model import Field, Origin, Stack, environment_variables
from lambda_lint.rule import Rule, Severity, Violation

# Words of a variable name that say it holds a secret (``DB_PASSWORD``, ``apiKey``).
_SECRET_WORDS = frozenset(
    {
        "PASSWORD",
        "PASSWD",
        "SECRET",
        "SECRETS",
        "TOKEN",
        "APIKEY",
        "CREDENTIAL",
        "CREDENTIALS",
        "PRIVATEKEY",
    }
)
_SECRET_PAIRS = frozenset({("API", "KEY"), ("PRIVATE", "KEY"), ("ACCESS", "KEY"), ("AUTH", "KEY")})
# A last word saying the variable names or describes the secret rather than holding it
# (``SECRET_ARN``, ``TOKEN_TABLE``, ``PASSWORD_PARAMETER``).
_POINTER_WORDS = frozenset(
    {
        "ARN",
        "NAME",
        "ID",
        "PARAM",
        "PARAMETER",
        "PATH",
        "URL",
        "URI",
        "ENDPOINT",
        "TABLE",
        "BUCKET",
        "REGION",
        "TTL",
        "EXPIRY",
        "EXPIRATION",
        "LENGTH",
        "TYPE",
        "HEADER",
        "FILE",
        "ENABLED",
        "ISSUER",
        "AUDIENCE",
        "KEYID",
        "VERSION",
        "STAGE",
        "PREFIX",
        "POLICY",
        "QUEUE",
        "TOPIC",
        "STORE",
        "ROLE",
        "SCOPE",
        "SCOPES",
        "HOST",
        "PORT",
        "FIELD",
        "LOCATION",
    }
)
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
# Values that point at a secret instead of holding one: an ARN, a parameter path, a URL.
_POINTER_VALUE = re.compile(r"(arn:|/|https?://|ssm:|secretsmanager:)", re.IGNORECASE)
_BOOLEAN_OR_NUMBER = re.compile(r"(true|false|yes|no|none|null|[0-9]+)", re.IGNORECASE)
# A placeholder for the reader to fill in (``<YOUR API KEY>``), not a value.
_PLACEHOLDER = re.compile(r"<[^<>]*>|\$\{[^{}]*\}")


@functools.lru_cache(maxsize=4096)
def secret_name(name: str) -> bool:
    """Whether a variable name says it holds a secret (and not where one is kept)."""
    words = [w.upper() for w in _WORD.findall(name)]
    if not words or words[-1] in _POINTER_WORDS or "".join(words[-2:]) == "KEYID":
        return False
    if "ENCRYPTED" in words:
        return False  # ciphertext (``kmsEncryptedToken``), decrypted with KMS at run time
    if any(w in _SECRET_WORDS for w in words):
        return True
    return any(pair in _SECRET_PAIRS for pair in itertools.pairwise(words))


def _literal_secret(value: Field) -> bool:
    """A non-empty literal written in the template (not a reference, parameter or default)."""
    text = value.value
    if not isinstance(text, str) or value.origin not in (Origin.EXPLICIT, Origin.INHERITED):
        return False
    text = text.strip()
    return (
        bool(text)
        and not _POINTER_VALUE.match(text)
        and not _BOOLEAN_OR_NUMBER.fullmatch(text)
        and not _PLACEHOLDER.fullmatch(text)
    )


class PlaintextSecretInEnv(Rule):
    """An environment variable named like a secret holds a literal value.

    ## What it does
    Reports, at the value, each environment variable whose name says it holds a secret
    (`PASSWORD`, `SECRET`, `TOKEN`, `API_KEY`, `PRIVATE_KEY`, `CREDENTIALS`...; not
    `SECRET_ARN`, `TOKEN_TABLE` or other names of where a secret is kept) and whose value
    is a literal written in the template or inherited from SAM `Globals`. A dynamic
    reference (`{{resolve:secretsmanager:...}}`), a parameter or variable, a reference to
    a resource, a value a plan marks sensitive, an ARN, a parameter path, a URL, a number,
    a boolean or a placeholder
    (`<YOUR API KEY>`) is not reported, nor a name saying the value is encrypted
    (`kmsEncryptedToken`).
    The message never shows the value.

    ## Why is this bad?
    Environment variables are part of the function's configuration: the secret is
    readable by anyone who can read the template, its history or the function's
    configuration, and it cannot be rotated without a deployment.

    ## Example
    ```yaml
    Environment:
      Variables:
        DB_PASSWORD: hunter2
    ```

    ## Use instead
    ```yaml
    Environment:
      Variables:
        DB_PASSWORD: "{{resolve:secretsmanager:prod/db:SecretString:password}}"
    ```

    ## References
    - docs/aws-facts.md#secrets-in-environment-variables
    - https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda.html
    """

    code = "LL701"
    name = "plaintext-secret-in-env"
    message = (
        "environment variable {name}{note} holds a literal value that looks like a secret "
        "(value not shown): keep it in Secrets Manager or Parameter Store and read it at run "
        "time, or use a dynamic reference"
    )
    severity = Severity.WARNING
    help_url = (
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda.html"
    )

    def check(self, stack: Stack) -> Iterator[Violation]:
        # Values the source marks secret (a Terraform ``sensitive`` variable in a plan) came
        # from a variable, not from a literal in the configuration.
        marked = {secret.text for secret in stack.sensitive if secret.text}
        for fn in stack.functions.values():
            for var in environment_variables(fn.environment):
                if not secret_name(var.name):
                    continue
                for value in var.value.candidates():
                    if _literal_secret(value) and value.value not in marked:
                        yield self.violation(
                            fn.id,
                            value,
                            f"secret:{var.name}",
                            name=var.name,
                            note=value.inherited_note,
                        )
                        break
