"""The words people use to ask for a translation, in en, de, fr, es, it, pt, nl, pl, ru, zh
and ja. Data only: `assistant.core.instruction_grammar` builds its patterns from these lists
and from the language-name tables.

Each phrase is matched case-insensitively as whole words (CJK phrases as substrings). A
request is what remains of the input once its text span and its target language are taken
out; it reads as an instruction when every word left is one of these phrases.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PhraseSet:
    """One language's request vocabulary."""

    verbs: tuple[str, ...]
    """Words that ask for a translation ("translate", "übersetze", "翻译")."""
    questions: tuple[str, ...]
    """Question frames ("how do I say", "wie sagt man", "怎么说")."""
    politeness: tuple[str, ...]
    """Openers and softeners that carry no meaning of their own ("please", "can you")."""
    fillers: tuple[str, ...]
    """Words that point at the text ("this", "the following sentence", "version of")."""
    target_markers: tuple[str, ...]
    """Words before a target language ("into", "auf", "vers l'", "naar het", "成")."""
    source_markers: tuple[str, ...]
    """Words before a source language ("from", "aus dem", "de l'")."""
    addressees: tuple[str, ...] = ()
    """The people a text is for ("my coworker", "to her", "in her language"); a span does
    not start or end with them."""


PHRASES: dict[str, PhraseSet] = {
    "en": PhraseSet(
        verbs=("translate", "translated", "translation", "translating", "tranlsate",
               "traslate", "transalte", "translte", "say", "put", "write", "render", "convert",
               "turn", "give me", "tell", "tell her", "tell him", "tell them", "express",
               "rewrite", "need this", "version of", "a version of", "version", "email",
               "e-mail", "reply", "answer", "send"),
        questions=("how do i say", "how do you say", "how would i say", "how would you say",
                   "how can i say", "how to say", "how do we say", "how does one say",
                   "how do u say", "how would one say", "how is", "how do i write",
                   "how do you write", "how do i tell", "how would i tell", "what is",
                   "what's", "whats", "what does", "mean", "what would be", "said",
                   "written", "word for", "the word for", "a word for", "term for",
                   "the term for", "expression for", "phrase for", "the phrase for"),
        politeness=("please", "pls", "plz", "pleas", "kindly", "can you", "could you",
                    "would you", "will you", "can u", "could u", "pls can you",
                    "i need", "i'd like", "i would like", "i want", "help me", "quick",
                    "quickly", "for me", "real quick", "ok", "okay"),
        fillers=("this", "that", "it", "these", "the following", "the following sentence",
                 "the following text", "following", "the sentence", "the text", "this text",
                 "this sentence", "this phrase", "this message", "the phrase", "the word",
                 "this word", "sentence", "text", "phrase", "word", "words", "message",
                 "the translation of",
                 "translation of", "a translation of", "in the", "the", "a", "an", "of",
                 "for", "as", "language", "the language", "is", "are", "below", "here",
                 "following line", "line", "into the", "me", "i", "do", "be", "would", "can",
                 "could", "just", "so", "now", "again", "also", "and", "you", "how", "what",
                 "my"),
        target_markers=("into", "in", "to", "in to", "into the", "over to", "in the"),
        source_markers=("from",),
        addressees=("coworker", "coworkers", "co-worker", "colleague",
                    "colleagues", "neighbour", "neighbor", "neighbours", "neighbors", "boss",
                    "wife", "husband", "grandmother", "grandma", "grandfather", "grandpa",
                    "mother", "mom", "mum", "father", "dad", "parents", "landlord",
                    "landlady", "supplier", "client", "clients", "customer", "customers",
                    "teacher", "partner", "girlfriend", "boyfriend", "family", "guests",
                    "host", "doctor", "waiter", "driver", "to her", "to him", "to them",
                    "for her", "for him", "for them", "in her", "in his", "in their",
                    "in her language", "in his language",
                    "in their language", "in my language", "in your language"),
    ),
    "de": PhraseSet(
        verbs=("übersetze", "übersetzen", "übersetz", "übersetzt", "übersetzung", "sagen",
               "sage", "sag", "schreib", "schreibe", "version von", "fassung"),
        questions=("wie sagt man", "was heißt", "was heisst", "wie heißt", "wie heisst",
                   "wie sage ich", "was bedeutet", "das wort für", "wort für"),
        politeness=("bitte", "kannst du", "könntest du", "können sie", "könnten sie",
                    "würdest du", "ich brauche", "ich möchte", "ich hätte gern", "mir",
                    "mal", "doch", "gerne"),
        fillers=("das", "dies", "diesen text", "diesen satz", "den folgenden text",
                 "den folgenden satz", "folgendes", "folgenden", "den satz", "den text",
                 "text", "satz", "es", "die", "der", "den", "das hier", "version von",
                 "eine version von", "als", "auf", "sprache", "wie", "was"),
        target_markers=("ins", "in das", "auf", "in", "nach", "zu"),
        source_markers=("aus dem", "aus", "vom"),
        addressees=("freund", "freundin", "freunden", "kollegen", "kollegin", "nachbarn",
                    "nachbarin", "chef", "chefin", "oma", "opa", "vermieter", "kunden"),
    ),
    "fr": PhraseSet(
        verbs=("traduis", "traduire", "traduisez", "traduit", "traduction", "dire", "dis",
               "écris", "ecris", "mets", "version"),
        questions=("comment dit-on", "comment on dit", "comment dire", "comment dis-tu",
                   "comment est-ce qu'on dit", "que veut dire", "c'est quoi", "se dit"),
        politeness=("s'il te plaît", "s'il te plait", "s'il vous plaît", "s'il vous plait",
                    "stp", "svp", "peux-tu", "pouvez-vous", "tu peux", "vous pouvez",
                    "merci de", "je voudrais", "pourrais-tu", "pourriez-vous",
                    "moi", "me", "j'ai besoin de", "tu", "on"),
        fillers=("ceci", "cela", "ça", "ce texte", "cette phrase", "le texte suivant",
                 "la phrase suivante", "suivant", "suivante", "le texte", "la phrase",
                 "la version", "version de", "une version", "le", "la", "les", "de", "du",
                 "en", "cette", "ce", "langue", "ci-dessous", "comment", "dit", "que"),
        target_markers=("en", "vers l'", "vers le", "vers", "à l'", "au", "à"),
        source_markers=("de l'", "du", "depuis l'", "de"),
        addressees=("ami", "amie", "amis", "collègue", "collègues", "voisin", "voisine",
                    "patron", "grand-mère", "propriétaire", "client", "clients"),
    ),
    "es": PhraseSet(
        verbs=("traduce", "traducir", "tradúceme", "traduceme", "traducción", "traduccion",
               "traduzca", "decir", "dice", "di", "escribe", "pon", "versión", "version"),
        questions=("cómo se dice", "como se dice", "cómo digo", "como digo", "qué significa",
                   "que significa", "se dice", "se escribe"),
        politeness=("por favor", "porfa", "puedes", "podrías", "podrias", "me puedes",
                    "necesito", "me"),
        fillers=("esto", "eso", "este texto", "esta frase", "lo siguiente",
                 "el siguiente texto", "la siguiente frase", "siguiente", "el texto",
                 "la frase", "la versión", "versión de", "version de", "el", "la", "de",
                 "del", "en", "una", "un", "idioma", "cómo", "como", "qué", "que"),
        target_markers=("al", "a", "en", "para el", "para"),
        source_markers=("del", "desde el", "de"),
        addressees=("amigo", "amiga", "amigos", "colega", "colegas", "vecino", "vecina",
                    "jefe", "abuela", "casero", "cliente", "clientes"),
    ),
    "it": PhraseSet(
        verbs=("traduci", "tradurre", "traduca", "traduzione", "dire", "dici", "scrivi",
               "metti", "versione"),
        questions=("come si dice", "come dico", "cosa significa", "che vuol dire", "si dice"),
        politeness=("per favore", "per piacere", "puoi", "potresti", "mi puoi", "mi", "vorrei"),
        fillers=("questo", "questa frase", "questo testo", "la frase seguente",
                 "il testo seguente", "seguente", "il testo", "la frase", "versione di",
                 "il", "lo", "la", "di", "in", "lingua", "come", "cosa"),
        target_markers=("in", "all'", "al", "verso l'", "verso il"),
        source_markers=("dall'", "dal", "da"),
    ),
    "pt": PhraseSet(
        verbs=("traduza", "traduz", "traduzir", "traduzido", "tradução", "traducao",
               "dizer", "diga", "escreva", "coloque", "versão"),
        questions=("como se diz", "como eu digo", "como digo", "o que significa", "se diz"),
        politeness=("por favor", "pode", "podes", "você pode", "voce pode", "poderia",
                    "me", "quero", "preciso"),
        fillers=("isto", "isso", "este texto", "esta frase", "a frase seguinte",
                 "o texto seguinte", "seguinte", "o texto", "a frase", "versão de", "o",
                 "a", "de", "do", "da", "em", "idioma", "língua", "como"),
        target_markers=("para o", "para", "pro", "em", "ao"),
        source_markers=("do", "de"),
    ),
    "nl": PhraseSet(
        verbs=("vertaal", "vertalen", "vertaling", "zeg", "zeggen", "schrijf", "versie"),
        questions=("hoe zeg je", "hoe zeg ik", "wat is", "wat betekent"),
        politeness=("alsjeblieft", "alstublieft", "aub", "a.u.b.", "graag", "kun je",
                    "kan je", "kunt u", "wil je", "wilt u", "ik wil"),
        fillers=("dit", "deze zin", "deze tekst", "de volgende zin", "de volgende tekst",
                 "volgende", "het", "de", "een", "versie van", "in het", "taal", "hoe", "wat"),
        target_markers=("naar het", "naar", "in het", "in"),
        source_markers=("uit het", "van het", "uit", "van"),
    ),
    "pl": PhraseSet(
        verbs=("przetłumacz", "przetlumacz", "przetłumaczyć", "tłumaczenie", "tlumaczenie",
               "powiedz", "napisz", "wersja", "wersji"),
        questions=("jak powiedzieć", "jak powiedziec", "jak się mówi", "jak sie mowi",
                   "co znaczy"),
        politeness=("proszę", "prosze", "czy możesz", "czy mozesz", "możesz", "mozesz", "mi"),
        fillers=("to", "ten tekst", "to zdanie", "następujące zdanie", "zdanie", "tekst",
                 "wersja", "język", "jak"),
        target_markers=("na", "po"),
        source_markers=("z",),
    ),
    "ru": PhraseSet(
        verbs=("переведи", "переведите", "перевести", "перевод", "скажи", "напиши"),
        questions=("как сказать", "как будет", "как по", "что значит"),
        politeness=("пожалуйста", "можешь", "можете", "помоги", "мне"),
        fillers=("это", "этот текст", "это предложение", "следующее предложение",
                 "следующий текст", "текст", "предложение", "язык", "как"),
        target_markers=("на",),
        source_markers=("с", "из"),
    ),
    "zh": PhraseSet(
        verbs=("翻译", "翻譯", "译", "譯", "说", "說", "写", "寫", "转", "轉"),
        questions=("怎么说", "怎麼說", "是什么", "是什麼", "怎么讲", "怎么写", "如何"),
        politeness=("请", "請", "帮我", "幫我", "麻烦", "麻煩", "可以", "吗", "嗎", "一下", "把",
                    "将", "將"),
        fillers=("这句话", "這句話", "这段", "這段", "这个", "這個", "下面的", "以下", "的"),
        target_markers=("成", "为", "為", "到", "用"),
        source_markers=("从", "從"),
    ),
    "ja": PhraseSet(
        verbs=("翻訳して", "翻訳", "訳して", "訳す", "言う", "言います", "書いて"),
        questions=("何と言いますか", "何と言う", "なんて言う", "どう言う", "で何", "は何"),
        politeness=("ください", "下さい", "お願いします", "おねがいします", "してください",
                    "して", "できますか", "を"),
        fillers=("これを", "この文を", "次の文を", "は", "の"),
        target_markers=("に", "で", "へ"),
        source_markers=("から",),
    ),
}  # fmt: skip
"""Per language of the request, the phrases that make up an instruction."""

TRANSLATE_STEMS: tuple[str, ...] = (
    "translat", "tranlsat", "traslat", "transalt", "translt", "übersetz", "ubersetz", "tradu",
    "vertaal", "vertal", "przetłumacz", "przetlumacz", "tłumacz", "tlumacz", "перев", "翻译",
    "翻譯", "翻訳", "訳して",
)  # fmt: skip
"""Word beginnings that ask for a translation in any of the languages above."""

INJECTION_CUES: tuple[str, ...] = (
    "ignore previous", "ignore all previous", "ignore the previous", "ignore your",
    "ignore the above", "ignore prior", "ignore any", "ignore earlier", "disregard",
    "system prompt", "previous instructions",
    "you are now", "jailbreak", "forget your", "forget all", "ignoriere", "ignore les",
    "ignora las", "ignora le", "忽略", "無視", "systemprompt",
    "vorherigen anweisungen", "deine anweisungen", "vergiss deine", "instructions précédentes",
    "tes instructions", "vos instructions", "oublie tes", "instrucciones anteriores",
    "tus instrucciones", "prompt del sistema", "olvida tus", "istruzioni precedenti",
    "tue istruzioni", "dimentica le", "instruções anteriores", "suas instruções",
    "esqueça as", "vorige instructies", "negeer", "poprzednie instrukcje", "zignoruj",
    "игнорируй", "предыдущие инструкции", "забудь свои", "系统提示", "之前的指令", "以前の指示",
    "システムプロンプト",
)  # fmt: skip
"""Words that address the assistant's own rules: such text is content to translate."""

DELIMITERS = (":", "：", " - ", " – ", " — ", "\n")
"""What separates an instruction from its text ("in Dutch: …", "good night — in Japanese")."""
