"""Built-in rules: one rule per module, listed explicitly and sorted by code."""

from __future__ import annotations

from lambda_lint.rule import Rule
from lambda_lint.rules.alias_routes_to_itself import AliasRoutesToItself
from lambda_lint.rules.alias_routing_to_latest import AliasRoutingToLatest
from lambda_lint.rules.alias_too_many_versions import AliasTooManyVersions
from lambda_lint.rules.alias_weight_out_of_range import AliasWeightOutOfRange
from lambda_lint.rules.deployment_preference_without_alias import DeploymentPreferenceWithoutAlias
from lambda_lint.rules.dlq_on_polled_function import DlqOnPolledFunction
from lambda_lint.rules.env_var_name_invalid import EnvVarNameInvalid
from lambda_lint.rules.env_var_reserved import EnvVarReserved
from lambda_lint.rules.env_vars_too_large import EnvVarsTooLarge
from lambda_lint.rules.fifo_dlq_not_fifo import FifoDlqNotFifo
from lambda_lint.rules.memory_out_of_range import MemoryOutOfRange
from lambda_lint.rules.parse_error import ParseError
from lambda_lint.rules.rule_crashed import RuleCrashed
from lambda_lint.rules.shared_execution_role import SharedExecutionRole
from lambda_lint.rules.sqs_source_without_redrive import SqsSourceWithoutRedrive
from lambda_lint.rules.sqs_visibility_below_timeout import SqsVisibilityBelowTimeout
from lambda_lint.rules.timeout_out_of_range import TimeoutOutOfRange
from lambda_lint.rules.too_many_layers import TooManyLayers
from lambda_lint.rules.vpc_no_internet_route import VpcNoInternetRoute
from lambda_lint.rules.vpc_public_subnet import VpcPublicSubnet

ALL_RULES: tuple[type[Rule], ...] = (
    ParseError,
    RuleCrashed,
    EnvVarsTooLarge,
    EnvVarReserved,
    EnvVarNameInvalid,
    TimeoutOutOfRange,
    SqsVisibilityBelowTimeout,
    MemoryOutOfRange,
    TooManyLayers,
    AliasWeightOutOfRange,
    AliasTooManyVersions,
    AliasRoutingToLatest,
    AliasRoutesToItself,
    DeploymentPreferenceWithoutAlias,
    VpcNoInternetRoute,
    VpcPublicSubnet,
    DlqOnPolledFunction,
    SqsSourceWithoutRedrive,
    FifoDlqNotFifo,
    SharedExecutionRole,
)

__all__ = ["ALL_RULES"]
