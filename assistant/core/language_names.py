"""Names of M2M-100's languages: English, the language's own name, and common exonyms.

Data only. Instruction parsing ("übersetze ins Englische", "翻译成英文") and `--to German`
look names up here through `assistant.core.languages`.
"""

from __future__ import annotations

ENGLISH_AND_NATIVE: dict[str, tuple[str, ...]] = {
    "af": ("Afrikaans",),
    "am": ("Amharic", "አማርኛ"),
    "ar": ("Arabic", "العربية", "عربي"),
    "ast": ("Asturian", "asturianu"),
    "az": ("Azerbaijani", "Azeri", "azərbaycan", "azərbaycanca"),
    "ba": ("Bashkir", "башҡорт", "башҡортса"),
    "be": ("Belarusian", "беларуская"),
    "bg": ("Bulgarian", "български"),
    "bn": ("Bengali", "Bangla", "বাংলা"),
    "br": ("Breton", "brezhoneg"),
    "bs": ("Bosnian", "bosanski"),
    "ca": ("Catalan", "català"),
    "ceb": ("Cebuano", "Sinugboanon"),
    "cs": ("Czech", "čeština", "česky"),
    "cy": ("Welsh", "Cymraeg"),
    "da": ("Danish", "dansk"),
    "de": ("German", "Deutsch"),
    "el": ("Greek", "Ελληνικά"),
    "en": ("English",),
    "es": ("Spanish", "Castilian", "español", "castellano"),
    "et": ("Estonian", "eesti"),
    "fa": ("Persian", "Farsi", "فارسی"),
    "ff": ("Fulah", "Fula", "Fulfulde", "Pulaar"),
    "fi": ("Finnish", "suomi"),
    "fr": ("French", "français"),
    "fy": ("Western Frisian", "Frisian", "Frysk"),
    "ga": ("Irish", "Gaeilge"),
    "gd": ("Scottish Gaelic", "Gaelic", "Gàidhlig"),
    "gl": ("Galician", "galego"),
    "gu": ("Gujarati", "ગુજરાતી"),
    "ha": ("Hausa",),
    "he": ("Hebrew", "עברית"),
    "hi": ("Hindi", "हिन्दी", "हिंदी"),
    "hr": ("Croatian", "hrvatski"),
    "ht": ("Haitian Creole", "Haitian", "kreyòl ayisyen"),
    "hu": ("Hungarian", "magyar"),
    "hy": ("Armenian", "հայերեն"),
    "id": ("Indonesian", "Bahasa Indonesia"),
    "ig": ("Igbo", "Asụsụ Igbo"),
    "ilo": ("Ilocano", "Iloko", "Ilokano"),
    "is": ("Icelandic", "íslenska"),
    "it": ("Italian", "italiano"),
    "ja": ("Japanese", "日本語"),
    "jv": ("Javanese", "Basa Jawa"),
    "ka": ("Georgian", "ქართული"),
    "kk": ("Kazakh", "қазақ тілі", "қазақша"),
    "km": ("Khmer", "Cambodian", "ខ្មែរ"),
    "kn": ("Kannada", "ಕನ್ನಡ"),
    "ko": ("Korean", "한국어"),
    "lb": ("Luxembourgish", "Lëtzebuergesch"),
    "lg": ("Ganda", "Luganda"),
    "ln": ("Lingala", "lingála"),
    "lo": ("Lao", "ລາວ"),
    "lt": ("Lithuanian", "lietuvių"),
    "lv": ("Latvian", "latviešu"),
    "mg": ("Malagasy",),
    "mk": ("Macedonian", "македонски"),
    "ml": ("Malayalam", "മലയാളം"),
    "mn": ("Mongolian", "монгол"),
    "mr": ("Marathi", "मराठी"),
    "ms": ("Malay", "Bahasa Melayu"),
    "my": ("Burmese", "Myanmar", "မြန်မာ"),
    "ne": ("Nepali", "नेपाली"),
    "nl": ("Dutch", "Flemish", "Nederlands"),
    "no": ("Norwegian", "norsk", "bokmål"),
    "ns": ("Northern Sotho", "Sepedi", "Sesotho sa Leboa"),
    "oc": ("Occitan", "occitan"),
    "or": ("Odia", "Oriya", "ଓଡ଼ିଆ"),
    "pa": ("Punjabi", "Panjabi", "ਪੰਜਾਬੀ"),
    "pl": ("Polish", "polski"),
    "ps": ("Pashto", "پښتو"),
    "pt": ("Portuguese", "português"),
    "ro": ("Romanian", "română"),
    "ru": ("Russian", "русский"),
    "sd": ("Sindhi", "سنڌي"),
    "si": ("Sinhala", "Sinhalese", "සිංහල"),
    "sk": ("Slovak", "slovenčina"),
    "sl": ("Slovenian", "Slovene", "slovenščina"),
    "so": ("Somali", "Soomaali"),
    "sq": ("Albanian", "shqip"),
    "sr": ("Serbian", "српски", "srpski"),
    "ss": ("Swati", "Swazi", "siSwati"),
    "su": ("Sundanese", "Basa Sunda"),
    "sv": ("Swedish", "svenska"),
    "sw": ("Swahili", "Kiswahili"),
    "ta": ("Tamil", "தமிழ்"),
    "th": ("Thai", "ไทย", "ภาษาไทย"),
    "tl": ("Tagalog", "Filipino"),
    "tn": ("Tswana", "Setswana"),
    "tr": ("Turkish", "Türkçe"),
    "uk": ("Ukrainian", "українська"),
    "ur": ("Urdu", "اردو"),
    "uz": ("Uzbek", "oʻzbek", "o'zbek", "ўзбек"),
    "vi": ("Vietnamese", "Tiếng Việt"),
    "wo": ("Wolof",),
    "xh": ("Xhosa", "isiXhosa"),
    "yi": ("Yiddish", "ייִדיש", "יידיש"),
    "yo": ("Yoruba", "Yorùbá"),
    "zh": ("Chinese", "Mandarin", "中文", "汉语", "漢語", "普通话", "简体中文", "繁體中文"),
    "zu": ("Zulu", "isiZulu"),
}
"""Per code: the English name first, then other English names and the language's own names."""

GERMAN_STEMS: dict[str, str] = {
    "en": "englisch", "de": "deutsch", "fr": "französisch", "es": "spanisch",
    "it": "italienisch", "pt": "portugiesisch", "nl": "niederländisch", "ru": "russisch",
    "zh": "chinesisch", "ja": "japanisch", "ko": "koreanisch", "ar": "arabisch",
    "tr": "türkisch", "pl": "polnisch", "el": "griechisch", "sv": "schwedisch",
    "da": "dänisch", "no": "norwegisch", "fi": "finnisch", "cs": "tschechisch",
    "uk": "ukrainisch", "he": "hebräisch", "hu": "ungarisch", "ro": "rumänisch",
    "vi": "vietnamesisch", "th": "thailändisch", "id": "indonesisch", "fa": "persisch",
    "bg": "bulgarisch", "hr": "kroatisch", "sr": "serbisch", "sk": "slowakisch",
    "sl": "slowenisch", "ca": "katalanisch", "ga": "irisch", "cy": "walisisch",
    "is": "isländisch", "et": "estnisch", "lv": "lettisch", "lt": "litauisch",
    "sq": "albanisch", "mk": "mazedonisch", "be": "belarussisch", "ka": "georgisch",
    "hy": "armenisch", "ms": "malaiisch", "bn": "bengalisch", "lb": "luxemburgisch",
}  # fmt: skip
"""German adjective stems; "Englisch", "Englische", "Englischen" all match."""

FRENCH_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("anglais",), "de": ("allemand",), "fr": ("français", "francais"),
    "es": ("espagnol",), "it": ("italien",), "pt": ("portugais",),
    "nl": ("néerlandais", "neerlandais", "hollandais"), "ru": ("russe",),
    "zh": ("chinois",), "ja": ("japonais",), "ko": ("coréen", "coreen"), "ar": ("arabe",),
    "tr": ("turc",), "pl": ("polonais",), "el": ("grec",), "sv": ("suédois", "suedois"),
    "da": ("danois",), "no": ("norvégien", "norvegien"), "fi": ("finnois", "finlandais"),
    "cs": ("tchèque", "tcheque"), "uk": ("ukrainien",), "he": ("hébreu", "hebreu"),
    "hu": ("hongrois",), "ro": ("roumain",), "vi": ("vietnamien",), "th": ("thaï", "thai"),
    "id": ("indonésien", "indonesien"), "fa": ("persan",), "bg": ("bulgare",),
    "hr": ("croate",), "sr": ("serbe",), "sk": ("slovaque",), "sl": ("slovène", "slovene"),
    "ca": ("catalan",), "ga": ("irlandais",), "cy": ("gallois",), "is": ("islandais",),
    "et": ("estonien",), "lv": ("letton",), "lt": ("lituanien",), "sq": ("albanais",),
    "hi": ("hindi",), "br": ("breton",), "oc": ("occitan",), "ms": ("malais",),
}  # fmt: skip

SPANISH_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("inglés",), "de": ("alemán",), "fr": ("francés",), "es": ("español", "castellano"),
    "it": ("italiano",), "pt": ("portugués",), "nl": ("neerlandés", "holandés"),
    "ru": ("ruso",), "zh": ("chino",), "ja": ("japonés",), "ko": ("coreano",),
    "ar": ("árabe",), "tr": ("turco",), "pl": ("polaco",), "el": ("griego",),
    "sv": ("sueco",), "da": ("danés",), "no": ("noruego",), "fi": ("finlandés",),
    "cs": ("checo",), "uk": ("ucraniano",), "he": ("hebreo",), "hu": ("húngaro",),
    "ro": ("rumano",), "vi": ("vietnamita",), "th": ("tailandés",), "id": ("indonesio",),
    "fa": ("persa",), "bg": ("búlgaro",), "hr": ("croata",), "sr": ("serbio",),
    "sk": ("eslovaco",), "sl": ("esloveno",), "ca": ("catalán",), "ga": ("irlandés",),
    "cy": ("galés",), "is": ("islandés",), "et": ("estonio",), "lv": ("letón",),
    "lt": ("lituano",), "gl": ("gallego",), "hi": ("hindi",), "ms": ("malayo",),
}  # fmt: skip
"""Spanish names; accents are optional when matching ("ingles" works too)."""

CHINESE_STEMS: dict[str, tuple[str, ...]] = {
    "en": ("英",), "de": ("德",), "fr": ("法",), "es": ("西班牙", "西"), "it": ("意大利",),
    "pt": ("葡萄牙", "葡"), "nl": ("荷兰", "荷蘭"), "ru": ("俄",), "zh": ("中", "汉", "漢"),
    "ja": ("日", "日本"), "ko": ("韩", "韓", "韩国", "朝鲜"), "ar": ("阿拉伯",),
    "tr": ("土耳其",), "pl": ("波兰", "波蘭"), "el": ("希腊", "希臘"), "sv": ("瑞典",),
    "da": ("丹麦", "丹麥"), "no": ("挪威",), "fi": ("芬兰", "芬蘭"), "cs": ("捷克",),
    "uk": ("乌克兰", "烏克蘭"), "hi": ("印地",), "he": ("希伯来", "希伯來"),
    "hu": ("匈牙利",), "ro": ("罗马尼亚", "羅馬尼亞"), "vi": ("越南",), "th": ("泰",),
    "id": ("印尼", "印度尼西亚"), "fa": ("波斯",), "bg": ("保加利亚",), "hr": ("克罗地亚",),
    "sr": ("塞尔维亚",), "sk": ("斯洛伐克",), "sl": ("斯洛文尼亚",), "ca": ("加泰罗尼亚",),
    "ms": ("马来", "馬來"), "tl": ("菲律宾", "他加禄"), "bn": ("孟加拉",), "ur": ("乌尔都",),
    "ta": ("泰米尔",), "my": ("缅甸", "緬甸"), "km": ("高棉",), "lo": ("老挝", "寮"),
    "mn": ("蒙古",), "kk": ("哈萨克",), "uz": ("乌兹别克",), "ka": ("格鲁吉亚",),
    "hy": ("亚美尼亚",), "sw": ("斯瓦希里",), "is": ("冰岛", "冰島"), "ga": ("爱尔兰",),
    "cy": ("威尔士",), "et": ("爱沙尼亚",), "lv": ("拉脱维亚",), "lt": ("立陶宛",),
    "sq": ("阿尔巴尼亚",), "mk": ("马其顿",), "be": ("白俄罗斯",), "af": ("南非荷兰",),
}  # fmt: skip
"""Chinese stems, each followed by 文, 语 or 語 ("英文", "英语"); "中文" also stands alone."""

CHINESE_SUFFIXES = ("文", "语", "語")

ITALIAN_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("inglese",), "de": ("tedesco",), "fr": ("francese",), "es": ("spagnolo",),
    "it": ("italiano",), "pt": ("portoghese",), "nl": ("olandese", "neerlandese"),
    "ru": ("russo",), "zh": ("cinese",), "ja": ("giapponese",), "ko": ("coreano",),
    "ar": ("arabo",), "tr": ("turco",), "pl": ("polacco",), "el": ("greco",),
    "sv": ("svedese",), "da": ("danese",), "no": ("norvegese",), "fi": ("finlandese",),
    "cs": ("ceco",), "uk": ("ucraino",), "he": ("ebraico",), "hu": ("ungherese",),
    "ro": ("rumeno",), "vi": ("vietnamita",), "th": ("tailandese",), "hi": ("hindi",),
    "hr": ("croato",), "sr": ("serbo",), "ca": ("catalano",), "id": ("indonesiano",),
}  # fmt: skip

PORTUGUESE_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("inglês",), "de": ("alemão",), "fr": ("francês",), "es": ("espanhol",),
    "it": ("italiano",), "pt": ("português",), "nl": ("holandês", "neerlandês"),
    "ru": ("russo",), "zh": ("chinês", "mandarim"), "ja": ("japonês",), "ko": ("coreano",),
    "ar": ("árabe",), "tr": ("turco",), "pl": ("polonês", "polaco"), "el": ("grego",),
    "sv": ("sueco",), "da": ("dinamarquês",), "no": ("norueguês",), "fi": ("finlandês",),
    "cs": ("tcheco", "checo"), "uk": ("ucraniano",), "he": ("hebraico",),
    "hu": ("húngaro",), "ro": ("romeno",), "vi": ("vietnamita",), "th": ("tailandês",),
    "hi": ("hindi",), "id": ("indonésio",), "ca": ("catalão",), "gl": ("galego",),
}  # fmt: skip

DUTCH_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("Engels",), "de": ("Duits",), "fr": ("Frans",), "es": ("Spaans",),
    "it": ("Italiaans",), "pt": ("Portugees",), "nl": ("Nederlands", "Vlaams"),
    "ru": ("Russisch",), "zh": ("Chinees",), "ja": ("Japans",), "ko": ("Koreaans",),
    "ar": ("Arabisch",), "tr": ("Turks",), "pl": ("Pools",), "el": ("Grieks",),
    "sv": ("Zweeds",), "da": ("Deens",), "no": ("Noors",),
    "cs": ("Tsjechisch",), "uk": ("Oekraïens",), "he": ("Hebreeuws",), "hu": ("Hongaars",),
    "ro": ("Roemeens",), "vi": ("Vietnamees",), "th": ("Thais",), "id": ("Indonesisch",),
    "hi": ("Hindi",), "af": ("Afrikaans",),
}  # fmt: skip

POLISH_STEMS: dict[str, str] = {
    "en": "angielsk", "de": "niemieck", "fr": "francusk", "es": "hiszpańsk", "it": "włosk",
    "pt": "portugalsk", "nl": "niderlandzk", "ru": "rosyjsk", "zh": "chińsk",
    "ja": "japońsk", "ko": "koreańsk", "ar": "arabsk", "tr": "tureck", "pl": "polsk",
    "el": "greck", "sv": "szwedzk", "da": "duńsk", "no": "norwesk", "fi": "fińsk",
    "cs": "czesk", "uk": "ukraińsk", "he": "hebrajsk", "hu": "węgiersk", "ro": "rumuńsk",
    "vi": "wietnamsk", "lt": "litewsk", "sk": "słowack", "be": "białorusk",
}  # fmt: skip
"""Polish adjective stems: "angielski", "angielskiego", "po angielsku" all match."""
POLISH_ENDINGS = ("i", "iego", "im", "u")

RUSSIAN_STEMS: dict[str, str] = {
    "en": "английск", "de": "немецк", "fr": "французск", "es": "испанск",
    "it": "итальянск", "pt": "португальск", "nl": "нидерландск", "ru": "русск",
    "zh": "китайск", "ja": "японск", "ko": "корейск", "ar": "арабск", "tr": "турецк",
    "pl": "польск", "el": "греческ", "sv": "шведск", "da": "датск", "no": "норвежск",
    "fi": "финск", "cs": "чешск", "uk": "украинск", "he": "иврит", "hu": "венгерск",
    "ro": "румынск", "vi": "вьетнамск", "be": "белорусск", "kk": "казахск",
}  # fmt: skip
"""Russian adjective stems: "английский", "на английском", "по-английски" all match."""
RUSSIAN_ENDINGS = ("ий", "ой", "ом", "ого", "и")

JAPANESE_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("英語",), "de": ("ドイツ語",), "fr": ("フランス語",), "es": ("スペイン語",),
    "it": ("イタリア語",), "pt": ("ポルトガル語",), "nl": ("オランダ語",), "ru": ("ロシア語",),
    "zh": ("中国語",), "ja": ("日本語",), "ko": ("韓国語",), "ar": ("アラビア語",),
    "tr": ("トルコ語",), "pl": ("ポーランド語",), "el": ("ギリシャ語",),
    "sv": ("スウェーデン語",), "vi": ("ベトナム語",), "uk": ("ウクライナ語",),
    "hi": ("ヒンディー語",), "th": ("タイ語",), "id": ("インドネシア語",),
}  # fmt: skip

DEMONYMS: dict[str, tuple[str, ...]] = {
    "af": ("Afrikaners",), "ar": ("Arabs",), "az": ("Azerbaijanis",), "bg": ("Bulgarians",),
    "ca": ("Catalans",), "cs": ("Czechs",), "da": ("Danes",), "de": ("Germans",),
    "el": ("Greeks",), "es": ("Spaniards", "Mexicans", "Argentinians", "Colombians"),
    "et": ("Estonians",), "fa": ("Iranians", "Persians"), "fi": ("Finns",),
    "fr": ("Frenchmen", "Parisians"), "gl": ("Galicians",), "he": ("Israelis",),
    "hr": ("Croats", "Croatians"), "hu": ("Hungarians",), "hy": ("Armenians",),
    "id": ("Indonesians",), "is": ("Icelanders",), "it": ("Italians",), "ka": ("Georgians",),
    "kk": ("Kazakhs",), "ko": ("Koreans",), "lt": ("Lithuanians",), "lv": ("Latvians",),
    "mn": ("Mongolians",), "ms": ("Malaysians",), "nl": ("Dutchmen",), "no": ("Norwegians",),
    "pl": ("Poles",), "pt": ("Brazilians",), "ro": ("Romanians",), "ru": ("Russians",),
    "sk": ("Slovaks",), "sl": ("Slovenians", "Slovenes"), "sq": ("Albanians",),
    "sr": ("Serbs", "Serbians"), "sv": ("Swedes",), "th": ("Thais",), "tl": ("Filipinos",),
    "tr": ("Turks",), "uk": ("Ukrainians",), "uz": ("Uzbeks",), "zh": ("Chinese people",),
}  # fmt: skip
"""Peoples whose language is clear, in English ("How do Germans say …"): a request that
names them names their language."""
