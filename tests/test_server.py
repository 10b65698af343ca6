"""``lambda-lint server``, driven over stdio by a real LSP client (pygls')."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

import pytest

from lambda_lint.server import utf16_column

from .conftest import TIMEOUT_1200

pytest.importorskip("pygls", reason="the server extra is not installed")

from lsprotocol import types
from pygls.lsp.client import BaseLanguageClient


def test_utf16_columns_count_what_editors_count() -> None:
    assert utf16_column("Timeout: 1200", 10) == 9
    assert utf16_column("a: 😀 x", 6) == 6  # the emoji is two UTF-16 units


async def _session(folder: Path, edits: list[str]) -> list[list[Any]]:
    """Open ``t.yaml`` with the first text, change it to each next one; the diagnostics
    published after each."""
    client = BaseLanguageClient("test-client", "1")
    published: asyncio.Queue[list[Any]] = asyncio.Queue()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def diagnostics(params: types.PublishDiagnosticsParams) -> None:
        published.put_nowait(list(params.diagnostics))

    await client.start_io(sys.executable, "-m", "lambda_lint", "server", cwd=str(folder))
    uri = (folder / "t.yaml").as_uri()
    results = []
    try:
        await client.initialize_async(
            types.InitializeParams(
                capabilities=types.ClientCapabilities(), root_uri=folder.as_uri()
            )
        )
        client.initialized(types.InitializedParams())
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=edits[0])
            )
        )
        results.append(await asyncio.wait_for(published.get(), 60))
        for version, text in enumerate(edits[1:], start=2):
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                    [types.TextDocumentContentChangeWholeDocument(text=text)],
                )
            )
            results.append(await asyncio.wait_for(published.get(), 60))
        await client.shutdown_async(None)
        client.exit(None)
    finally:
        await client.stop()
    return results


def test_diagnostics_follow_the_unsaved_buffer(tmp_path: Path) -> None:
    (tmp_path / "lambda-lint.toml").write_text('select = ["LL110"]\n', encoding="utf-8")
    opened, fixed = asyncio.run(
        _session(tmp_path, [TIMEOUT_1200, TIMEOUT_1200.replace("1200", "30")])
    )
    assert not (tmp_path / "t.yaml").exists()  # never saved: linted from the buffer
    (diagnostic,) = opened
    assert (diagnostic.code, diagnostic.source) == ("LL110", "lambda-lint")
    assert diagnostic.severity == types.DiagnosticSeverity.Error
    start, end = diagnostic.range.start, diagnostic.range.end
    assert (start.line, start.character, end.line, end.character) == (5, 15, 5, 19)
    assert diagnostic.message.startswith("timeout 1200 s is outside Lambda's range")
    assert diagnostic.code_description.href.endswith("/docs/rules/LL110.md")
    assert fixed == []
