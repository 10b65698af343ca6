"""Bridges to other tools: lambda-lint's rules inside cfn-lint (``integrations.cfn_lint``).

Importing this package imports nothing else: each bridge loads its host tool's API
only when that tool loads the bridge, so lambda-lint itself never pays for them.
"""
