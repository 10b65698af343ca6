"""Built-in rules: one rule per module, listed explicitly and sorted by code."""

from __future__ import annotations

from lambda_lint.rule import Rule

from .alias_routes_to_itself import AliasRoutesToItself
from .alias_routing_to_latest import AliasRoutingToLatest
from .alias_too_many_versions import AliasTooManyVersions
from .alias_versions_differ import AliasVersionsDiffer
from .alias_weight_out_of_range import AliasWeightOutOfRange
from .async_retry_out_of_range import AsyncRetryOutOfRange
from .batch_failures_not_reported import BatchFailuresNotReported
from .deployment_preference_without_alias import DeploymentPreferenceWithoutAlias
from .deployment_type_unknown import DeploymentTypeUnknown
from .deprecated_runtime import DeprecatedRuntime
from .dlq_on_polled_function import DlqOnPolledFunction
from .dlq_target_not_permitted import DlqTargetNotPermitted
from .edge_limits import EdgeLimits
from .edge_unpublished_version import EdgeUnpublishedVersion
from .edge_unsupported_feature import EdgeUnsupportedFeature
from .env_var_dynamic_reference import EnvVarDynamicReference
from .env_var_name_invalid import EnvVarNameInvalid
from .env_var_reserved import EnvVarReserved
from .env_vars_too_large import EnvVarsTooLarge
from .ephemeral_storage_out_of_range import EphemeralStorageOutOfRange
from .esm_batch_out_of_range import EsmBatchOutOfRange
from .execution_role_missing import ExecutionRoleMissing
from .fifo_dlq_not_fifo import FifoDlqNotFifo
from .inline_code_too_large import InlineCodeTooLarge
from .invalid_suppression import InvalidSuppression
from .memory_out_of_range import MemoryOutOfRange
from .on_failure_destination_on_sqs import OnFailureDestinationOnSqs
from .package_artifact_missing import PackageArtifactMissing
from .package_unzipped_too_large import PackageUnzippedTooLarge
from .package_zip_too_large import PackageZipTooLarge
from .parse_error import ParseError
from .plaintext_secret_in_env import PlaintextSecretInEnv
from .provisioned_exceeds_reserved import ProvisionedExceedsReserved
from .provisioned_on_unpublished import ProvisionedOnUnpublished
from .recursive_s3_trigger import RecursiveS3Trigger
from .redrive_max_receive_low import RedriveMaxReceiveLow
from .reserved_concurrency_over_pool import ReservedConcurrencyOverPool
from .role_wildcard_actions import RoleWildcardActions
from .rule_crashed import RuleCrashed
from .shared_execution_role import SharedExecutionRole
from .sqs_source_without_redrive import SqsSourceWithoutRedrive
from .sqs_visibility_below_recommended import SqsVisibilityBelowRecommended
from .sqs_visibility_below_timeout import SqsVisibilityBelowTimeout
from .stream_without_failure_handling import StreamWithoutFailureHandling
from .template_invalid import TemplateInvalid
from .timeout_exceeds_integration import TimeoutExceedsIntegration
from .timeout_out_of_range import TimeoutOutOfRange
from .too_many_layers import TooManyLayers
from .unused_suppression import UnusedSuppression
from .vpc_no_internet_route import VpcNoInternetRoute
from .vpc_public_subnet import VpcPublicSubnet
from .vpc_role_lacks_eni_permissions import VpcRoleLacksEniPermissions
from .vpc_single_subnet import VpcSingleSubnet

ALL_RULES: tuple[type[Rule], ...] = (
    ParseError,
    RuleCrashed,
    UnusedSuppression,
    InvalidSuppression,
    TemplateInvalid,
    EnvVarsTooLarge,
    EnvVarReserved,
    EnvVarNameInvalid,
    EnvVarDynamicReference,
    TimeoutOutOfRange,
    TimeoutExceedsIntegration,
    SqsVisibilityBelowTimeout,
    SqsVisibilityBelowRecommended,
    MemoryOutOfRange,
    EphemeralStorageOutOfRange,
    PackageZipTooLarge,
    PackageUnzippedTooLarge,
    TooManyLayers,
    InlineCodeTooLarge,
    PackageArtifactMissing,
    AliasWeightOutOfRange,
    AliasTooManyVersions,
    AliasRoutingToLatest,
    AliasRoutesToItself,
    AliasVersionsDiffer,
    DeploymentPreferenceWithoutAlias,
    DeploymentTypeUnknown,
    VpcNoInternetRoute,
    VpcPublicSubnet,
    VpcRoleLacksEniPermissions,
    VpcSingleSubnet,
    DlqOnPolledFunction,
    SqsSourceWithoutRedrive,
    FifoDlqNotFifo,
    StreamWithoutFailureHandling,
    OnFailureDestinationOnSqs,
    AsyncRetryOutOfRange,
    EsmBatchOutOfRange,
    RedriveMaxReceiveLow,
    BatchFailuresNotReported,
    SharedExecutionRole,
    ExecutionRoleMissing,
    DlqTargetNotPermitted,
    RoleWildcardActions,
    ReservedConcurrencyOverPool,
    ProvisionedExceedsReserved,
    ProvisionedOnUnpublished,
    PlaintextSecretInEnv,
    DeprecatedRuntime,
    RecursiveS3Trigger,
    EdgeUnsupportedFeature,
    EdgeLimits,
    EdgeUnpublishedVersion,
)

__all__ = ["ALL_RULES"]
