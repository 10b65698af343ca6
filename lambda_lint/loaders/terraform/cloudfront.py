"""``aws_cloudfront_distribution``: its Lambda@Edge associations (``model/cloudfront.py``).

``aws_lambda_function.x.qualified_arn`` is the ARN of the version ``publish = true``
creates, a numbered version of that function; without ``publish`` it ends in ``$LATEST``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from lambda_lint.loaders.terraform.values import TerraformResolver, objects
from lambda_lint.model import EdgeAssociation, Qualifier, as_bool
from lambda_lint.parsing import MDict

_QUALIFIED_ARN = re.compile(r"\$\{(aws_lambda_function\.[\w-]+)\.qualified_arn\}")


def edge_associations(
    r: TerraformResolver, address: str, body: MDict, functions: Mapping[str, MDict]
) -> list[EdgeAssociation]:
    """Every ``lambda_function_association`` of the default and ordered cache behaviours;
    ``functions`` holds the module's function bodies by address."""
    found: list[EdgeAssociation] = []
    behaviours = objects(body.get("default_cache_behavior")) + objects(
        body.get("ordered_cache_behavior")
    )
    for behaviour in behaviours:
        for entry in objects(behaviour.get("lambda_function_association")):
            raw = entry.get("lambda_arn")
            match = _QUALIFIED_ARN.fullmatch(raw.strip()) if isinstance(raw, str) else None
            function, qualifier = "", None
            if match is not None and match.group(1) in functions:
                function = match.group(1)
                published = r.get(functions[function], "publish", entry.span, False)
                if published.is_known:
                    flag = as_bool(published.value)
                    qualifier = (
                        Qualifier.UNKNOWN
                        if flag is None
                        else (Qualifier.VERSION if flag else Qualifier.LATEST)
                    )
                else:
                    qualifier = Qualifier.UNKNOWN
            found.append(
                EdgeAssociation(
                    address,
                    entry.span,
                    r.get(entry, "event_type", entry.span),
                    r.get(entry, "lambda_arn", entry.span),
                    function,
                    qualifier,
                )
            )
    return found
