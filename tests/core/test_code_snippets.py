"""Multi-line code passes through the rule tier untranslated; multi-line prose still reaches
the model."""

from __future__ import annotations

import pytest

from assistant.core.cascade import Cascade
from assistant.core.errors import ModelNotInstalledError
from assistant.core.langid import LanguageIdentifier
from assistant.core.request import Request
from assistant.core.result import Tier

SNIPPETS = {
    "python function": (
        "def greet(name):\n"
        '    """Say hello to someone by name."""\n'
        '    print(f"Hello, {name}!")\n'
        "    return name\n"
    ),
    "python with docstring paragraphs and comments": (
        "import os\n"
        "\n"
        "class Config:\n"
        '    """Where the app keeps its files.\n'
        "\n"
        "    Every path comes from one place, so tests can move them all.\n"
        '    """\n'
        "\n"
        "    def __init__(self, root):\n"
        "        # keep the root for later\n"
        "        self.root = root\n"
        "        for name in os.listdir(root):\n"
        "            if name.endswith('.json'):\n"
        "                continue\n"
    ),
    "shell session": (
        "$ ls -la ~/models\n"
        "total 8\n"
        "drwxr-xr-x 2 anna anna 4096 Mar 15 12:00 .\n"
        "-rw-r--r-- 1 anna anna  812 Mar 15 12:00 manifest.json\n"
    ),
    "prompt with user and host": (
        "anna@laptop:~/src$ git status\nOn branch main\nnothing to commit\n"
    ),
    "python repl": ">>> import math\n>>> math.sqrt(16)\n4.0\n",
    "json": (
        "{\n"
        '  "greeting": "Good morning, everyone",\n'
        '  "languages": ["de", "fr"],\n'
        '  "nested": {"enabled": true, "count": 3}\n'
        "}"
    ),
    "one-line json": '{"title": "The weather today", "done": false}',
    "javascript": (
        "function add(a, b) {\n  // the sum of two numbers\n  return a + b;\n}\n"
        "const total = add(2, 3);\nconsole.log(total);\n"
    ),
    "sql": "SELECT name, email\nFROM users\nWHERE active = 1\nORDER BY name;",
}

PROSE = {
    "wrapped paragraph": (
        "The quick brown fox jumps over the lazy dog and then it runs\n"
        "away into the forest where nobody can find it again."
    ),
    "verse": "Roses are red,\nviolets are blue,\nsugar is sweet,\nand so are you.",
    "list of steps": "First, open the window.\nThen return to the main menu.\nFor example:\n",
    "heading and text": "# Weekly notes\nThe team met on Monday to plan the release.",
    "dialogue in quotes": '"Where are you going?"\n"To the station, to catch the train."',
    "a mention then prose": "@anna\nsee you tomorrow at the station",
    "price then prose": "$ 100 is too much for this.\nWe should look for a cheaper one.",
    "prose with a semicolon": "I came; I saw;\nI conquered the whole valley.",
}


@pytest.mark.parametrize("name", list(SNIPPETS))
def test_a_code_snippet_passes_through_the_rule_tier_unchanged(
    identifier: LanguageIdentifier, name: str
) -> None:
    text = SNIPPETS[name]
    result = Cascade(identifier).run(Request(text, target_lang="de"))
    assert result.tier is Tier.RULE
    assert result.output == text
    assert result.trace.tools == ["untranslatable"]


@pytest.mark.parametrize("name", list(PROSE))
def test_multi_line_prose_still_goes_to_the_model(
    identifier: LanguageIdentifier, name: str
) -> None:
    with pytest.raises(ModelNotInstalledError):
        Cascade(identifier).run(Request(PROSE[name], target_lang="de"))


def test_a_snippet_inside_an_instruction_passes_through_too(
    identifier: LanguageIdentifier,
) -> None:
    code = "def add(a, b):\n    return a + b"
    result = Cascade(identifier).run(Request(f"translate into German: {code}", target_lang="fr"))
    assert (result.tier, result.output, result.target_lang) == (Tier.RULE, code, "de")


def test_a_function_whose_comment_reads_like_an_instruction_is_still_code(
    identifier: LanguageIdentifier,
) -> None:
    code = 'def greet(name):\n    # translate into German: hello\n    print("hello", name)\n'
    result = Cascade(identifier).run(Request(code, "fr"))
    assert (result.output, result.tier) == (code, Tier.RULE)
    assert result.trace.understood is None and "untranslatable" in result.trace.tools
