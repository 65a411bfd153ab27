"""Distinctive words and letters of languages the identifiers confuse with each other.

Each group lists languages that are close (one standard language with small differences, or
neighbours that share most words). For each language of a group: the forms that point to it
rather than to the others, from its standard spelling and vocabulary. A form is a word
("tko"), a stem ending in "*" ("sveučiliš*"), an ending starting with "*" ("*itas"), or a
string inside a word between "~" ("~ij~"). Matching is case-insensitive.
"""

from __future__ import annotations

MARKER_GROUPS: dict[str, dict[str, str]] = {
    "Bosnian, Croatian, Serbian (Latin)": {
        "hr": "tko no potres* razin* tisuća tisuće tisuću sveučiliš* znanstven* povijes* "
        "tjed* kruh zrak "
        "glazb* vlak općin* točk* točn* obitelj* kazališ* europ* tijekom tvrtk* nogomet* "
        "ravnatelj* pogrešk* milijun* izravn* tajni* udrug* priopć* siječ* veljač* ožuj* "
        "travanj* travnj* svibanj* svibnj* lipanj* lipnj* srpanj* srpnj* kolovoz* rujan* "
        "rujn* listopad* studen* prosin* gospodarst* zapovjed* izvješć* izvanred* primjerice "
        "zračn* zrakoplov* putovnic* sustav* čimbenik* surad* ozljed* liječnik* prosvjed* "
        "razdoblj* postot* odjel* kemij* tisak* spol* vojarn* kazal* uspio uspjel* "
        "organizira* sudionik* izbjegl* *irati",
        "bs": "ko šta naprimjer zemljotres* nivo nivoa nivou hiljad* univerzitet* naučn* "
        "nauk* historij* sedmic* hljeb vazduh* "
        "muzik* voz opštin* općinsk* tačk* tačn* porodic* pozorišt* evrop* tokom sprat* "
        "preduzeć* fudbal* milion* direktn* sekretar* asocijacij* sarad* izvještaj* "
        "aerodrom* pasoš* sistem* faktor* spoljn* povred* ljekar* hemij* januar* februar* "
        "mart* april* maj* jun* jul* august* septemb* oktob* novemb* decemb* kahv* lahk* "
        "mehk* odjeljenj* period* procen* organizova* *isati *isan *isana hoće "
        "situacij* kontakt* generaln* zvaničn* takmič* porez* vijeć*",
        "sr": "vreme vremena mesto mesta reka reke lepo lep dete deca mleko deo pesm* svet "
        "sveta uvek vek veka nedelj* primer posle ovde gde pre tačno reč reči pesme "
        "devojk* hteo hteli bela belo beli *isati *isan *isana",
    },
    "Asturian, Spanish, Galician, Portuguese": {
        "ast": "ye yera yeren yeres tamién pa cola colos coles pela pelos peles nel nos "
        "tolos toles xunto xente mientres anguaño güei dalgún dalguna dalgunos dellos "
        "delles munchu muncha munchos munches l' d' qu' les unes dende magar ta tán tien "
        "tuvo fízose fai facer *u ḷḷ* ḥ* xu* xi* xe* xa* ñ* "
        "llunes llingua lliteratura dende-yá so sos nes estaos dixo dempués depués col ente "
        "anque persones per escontra sicasí esti ensin mui muyeres",
        "es": "es no las está están para desde muy también hoy mucho mucha muchos muchas "
        "algunos algunas ahora ciudad universidad *dad *dades pero usted hay han hasta "
        "sobre entre donde porque aunque tiene tienen fue eran sus cuando su durante "
        "personas era año otras después mismo sin cual sea",
        "gl": "e non unha unhas da do dos das coa coas cos máis moi ao aos á ás xa tamén pola "
        "polo polos polas nunha isto iso aquí dixo *ción *cións",
        "pt": "não uma umas muito também *ção *ções *ão *ões você então mais em com pelo pela "
        "pelos pelas ele ela isso ~nh~ ~lh~ são está estão foi ser fazer",
    },
    "Malay, Indonesian": {
        "ms": "kerana bahawa sahaja wang kerajaan selepas semasa baharu kereta bandar ramai "
        "hospital universiti polis pasukan mahu antarabangsa iaitu manakala ogos mac julai "
        "jun disember isnin khamis jumaat ahad setiausaha jawatankuasa persatuan "
        "penyelidikan perubatan bahagian peringkat saintifik lelaki filem muzik pelancong "
        "pejabat tentera kenyataan sukan menerusi encik cik *iti *kal *ik semalam boleh "
        "daripada berkata tersebut* negeri mempunyai berkenaan syarikat tiada kemalangan "
        "berbeza haiwan memulakan menghantar tempatan teruk terjejas kes kumpulan semula "
        "perlawanan perlumbaan tempoh mahkamah perancis",
        "id": "karena bahwa saja uang pemerintah setelah sesudah selama baru mobil kota "
        "banyak universitas polisi tim mau internasional yaitu sementara agustus maret juli "
        "juni desember senin kamis jumat minggu sekretaris komite penelitian kedokteran "
        "bagian tahap ilmiah klinis bisa memiliki pria film musik wisatawan kantor tentara "
        "pernyataan olahraga bandara pesawat kemarin provinsi *itas *is nggak enggak saat "
        "lainnya sebagian disebut pukul cukup memulai terjadi berbeda serikat dampak "
        "kecelakaan dimulai hewan peneliti terkait tingkat kasus perusahaan pengadilan "
        "swedia prancis tiongkok",
    },
    "Fula, Hausa": {
        "ff": "ɓe ɗum ɗon ɗun ɓurɗo ko jotta wonaa wo'i ngam fuu duuɓi nyande hokki jonta woni "
        "wuro yimɓe ladde nder mo be o e dow heɓi heɓai hala man non ~ŋ~ ~ɓ~ ~ɗ~",
        "ha": "wannan kuma cikin sun shi ita zuwa amma daga wani suka yana tana ne ce da a na "
        "ya ta ~ƙ~ ~ƴ~",
    },
    "Danish, Norwegian, Swedish": {
        "no": "hva hvem av nå mye noe noen etter mellom enn sier sa blitt ble vært gjennom "
        "tilbake fikk ut opp hadde ha slik kanskje uke mot ikkje jeg ikke å seg grunn inn mer "
        "bli blir fortsatt løpet ~ø~ ~æ~",
        "da": "hvad af nu meget noget nogen efter mellem end siger sagde blevet blev været "
        "gennem tilbage fik ud op havde have sådan måske uge mod jeg ikke sig hvilket omkring "
        "selvom ~ø~ ~æ~",
        "sv": "och att inte är också mycket från när hade sig ett jag vad hur kommer eftersom "
        "dessa ska skulle ~ä~ ~ö~",
    },
    "Tswana, Northern Sotho": {
        "ns": "ge kua bjalo bj* eupša gomme be ye yeo goba bakeng efela kudu moo lefase bego "
        "tee bao wo ~š~",
        "tn": "fa kwa jaaka jw* gonne mme ne tsa tse neng thata ko nna teng ntlha lefatshe* "
        "tswa yone nngwe tsaya sena ntse mo",
    },
    "Zulu, Xhosa, Swati": {
        "zu": "futhi ukuthi ngokuthi lokhu nakuba eziningi manje uma ngemva ngi* izi* kanye "
        "lapho noma cishe bese",
        "xh": "kwaye ngoko xa kuba ndi* apho ngoku kwakhona kunye kwi kwii* emva okanye "
        "nangona oku uninzi ngelixa",
        "ss": "kutsi futsi kepha letinye leti leto lomu ngekutsi *tsi ti* bantfu loku kute "
        "kodvwa ngesikhatsi ekhatsi ngenca loko tintfo kwekutsi wonkhe sikhatsi kanye lapho "
        "noma cishe bese ~tf~ ~dv~",
    },
    "Tagalog, Cebuano, Ilocano": {
        "tl": "ay ito hindi niya nila kanila at isa dahil noong nang mula ayon kanyang ngunit",
        "ceb": "ug kini dili usa kana niini diha adunay naa mao kaayo",
        "ilo": "ti dagiti iti ken daytoy ket kas idi isu manipud wenno maysa agpaay",
    },
    "Afrikaans, Dutch": {
        "af": "nie ek jy hulle vir word baie egter hierdie 'n sê",
        "nl": "een de zijn wordt worden niet ze zij hij ik je wij we voor hebben heeft naar ~ij~",
    },
    "Macedonian, Serbian, Bulgarian": {
        "mk": "во е со што кој која кое кои беше години тоа овој оваа го ги",
        "sr": "је у су који које била био после врло из",
        "bg": "в от са че той тя като който това тази след когато при ~ъ~ ~щ~",
    },
    "Azerbaijani, Turkish": {
        "az": "~ə~ ~x~ ~q~ və ilə üçün çox deyil",
        "tr": "ve ile için çok değil",
    },
    "Javanese, Sundanese, Indonesian": {
        "jv": "ing lan iku sing karo ora wis uga saka kanggo marang",
        "su": "nu teh jeung henteu aya kana ku urang éta ieu",
        "id": "",
    },
}
"""Group name -> language -> its distinctive forms (space-separated)."""
