"""``lambda-lint server``: a Language Server over stdio, publishing findings as you type.

Each open or changed document is linted from its unsaved buffer (``LintOptions.buffers``),
with the configuration found from its path and, for Terraform, its module's other files
from disk, exactly as ``lambda-lint - --stdin-filename PATH`` would. Diagnostics carry
the finding's exact range (LSP counts UTF-16 units, lambda-lint code points: converted
per line), severity, code and a link to the rule's page. pygls is an optional extra
(``pip install 'lambda-lint[server]'``), imported only by this command.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lambda_lint.findings import Finding


def utf16_column(line: str, column: int) -> int:
    """The 0-based UTF-16 offset of the 1-based code-point ``column`` of ``line``."""
    prefix = line[: column - 1]
    return len(prefix.encode("utf-16-le", "surrogatepass")) // 2


def findings_for(path: str, text: str) -> list[Finding]:
    """What ``lambda-lint check`` reports for ``path`` holding ``text`` (unsaved)."""
    from lambda_lint.api import Overrides
    from lambda_lint.hierarchy import lint_groups, plan

    overrides = Overrides(buffers={os.path.abspath(path): text.encode("utf-8")})
    report = lint_groups(plan([path], overrides)).report
    return list(report.findings)


def main() -> int:
    """Serve on stdin/stdout until the client exits."""
    try:
        from lsprotocol import types
        from pygls.lsp.server import LanguageServer
    except ImportError:
        sys.stderr.write(
            "lambda-lint: error: the server needs pygls: pip install 'lambda-lint[server]'\n"
        )
        return 2
    from lambda_lint import __version__

    server = LanguageServer("lambda-lint", __version__)
    severities = {
        "error": types.DiagnosticSeverity.Error,
        "warning": types.DiagnosticSeverity.Warning,
        "info": types.DiagnosticSeverity.Information,
    }

    def publish(uri: str) -> None:
        document = server.workspace.get_text_document(uri)
        lines = document.source.splitlines() or [""]
        diagnostics = []
        try:
            found = findings_for(document.path, document.source)
        except Exception as exc:  # a usage error (a bad configuration) is one message
            server.window_show_message(
                types.ShowMessageParams(types.MessageType.Error, f"lambda-lint: {exc}")
            )
            found = []
        for finding in found:
            if os.path.abspath(finding.path) != os.path.abspath(document.path):
                continue

            def position(line: int, column: int) -> Any:
                text = lines[line - 1] if line - 1 < len(lines) else ""
                return types.Position(line - 1, utf16_column(text, column))

            diagnostics.append(
                types.Diagnostic(
                    range=types.Range(
                        position(finding.line, finding.column),
                        position(finding.end_line, finding.end_column),
                    ),
                    message=finding.message,
                    severity=severities[finding.severity.value],
                    code=finding.rule,
                    code_description=types.CodeDescription(finding.help_url)
                    if finding.help_url
                    else None,
                    source="lambda-lint",
                )
            )
        server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics)
        )

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        publish(params.text_document.uri)

    server.start_io()
    return 0
