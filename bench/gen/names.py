"""Resource names per format, shared by the renderers and the list of planted findings."""

from __future__ import annotations

from .plan import Function


class CfnNames:
    """Logical ids: ``Fn0001``, ``Fn0001Role``, ``Fn0001Queue``, ``Vpc01PrivateSubnetA``."""

    @staticmethod
    def fn(fn: Function) -> str:
        return f"Fn{fn.num}"

    @classmethod
    def role(cls, fn: Function) -> str:
        return cls.fn(fn) + "Role"

    @classmethod
    def queue(cls, fn: Function) -> str:
        return cls.fn(fn) + "Queue"

    @classmethod
    def queue_dlq(cls, fn: Function) -> str:
        return cls.fn(fn) + "QueueDlq"

    @classmethod
    def failures(cls, fn: Function) -> str:
        return cls.fn(fn) + "Failures"

    @classmethod
    def mapping(cls, fn: Function) -> str:
        return cls.fn(fn) + "QueueMapping"

    @classmethod
    def version(cls, fn: Function) -> str:
        return cls.fn(fn) + "Version"

    @classmethod
    def alias(cls, fn: Function) -> str:
        return cls.fn(fn) + "LiveAlias"

    @classmethod
    def log_group(cls, fn: Function) -> str:
        return cls.fn(fn) + "LogGroup"

    @staticmethod
    def layer(k: int) -> str:
        return f"SharedLayer{k + 1:02d}"

    @staticmethod
    def vpc(v: int, part: str = "") -> str:
        return f"Vpc{v + 1:02d}{part}"


class TfNames:
    """Terraform resource names: ``fn_0001``, ``fn_0001_queue``, ``vpc_01_private_a``."""

    @staticmethod
    def fn(fn: Function) -> str:
        return f"fn_{fn.num}"

    @classmethod
    def role(cls, fn: Function) -> str:
        return cls.fn(fn) + "_exec"

    @classmethod
    def queue(cls, fn: Function) -> str:
        return cls.fn(fn) + "_queue"

    @classmethod
    def queue_dlq(cls, fn: Function) -> str:
        return cls.fn(fn) + "_queue_dlq"

    @classmethod
    def failures(cls, fn: Function) -> str:
        return cls.fn(fn) + "_failures"

    @staticmethod
    def layer(k: int) -> str:
        return f"shared_layer_{k + 1:02d}"

    @staticmethod
    def vpc(v: int, part: str = "") -> str:
        return f"vpc_{v + 1:02d}" + (f"_{part}" if part else "")
