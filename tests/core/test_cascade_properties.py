"""Property tests of the cascade's rule tier: it never raises anything but typed errors, and
pass-through is byte for byte."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.core.cascade import Cascade
from assistant.core.errors import AssistantError
from assistant.core.langid import LanguageIdentifier
from assistant.core.request import Request
from assistant.core.result import Tier

IDENTIFIER = LanguageIdentifier()
NON_LANGUAGE = st.text(
    alphabet=st.sampled_from(list("0123456789 .,:;!?-+%/()[]\n\t😀🎉👍…—")), max_size=60
)


@given(st.text(max_size=300))
@settings(max_examples=200, deadline=None)
def test_without_a_model_only_typed_errors_escape(text: str) -> None:
    try:
        result = Cascade(IDENTIFIER).run(Request(text, target_lang="de"))
    except AssistantError as error:
        assert error.user_message
    else:
        assert result.tier is Tier.RULE


@given(st.text(max_size=300))
@settings(max_examples=200, deadline=None)
def test_same_language_pass_through_is_byte_for_byte(text: str) -> None:
    result = Cascade(IDENTIFIER).run(
        Request(text, target_lang="fr", source_lang="fr", parse_instructions=False)
    )
    assert result.output.encode("utf-8", "surrogatepass") == text.encode("utf-8", "surrogatepass")


@given(NON_LANGUAGE)
@settings(max_examples=200, deadline=None)
def test_text_without_language_comes_back_unchanged(text: str) -> None:
    result = Cascade(IDENTIFIER).run(Request(text, target_lang="ja"))
    assert result.output == text and result.tier is Tier.RULE
