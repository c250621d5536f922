"""Person-role-organisation relations from the order of mentions in a sentence.

The sentence is reduced to its person (P), role (R) and organisation (O)
mentions; the text between neighbours ("glue") decides the pattern:

* post-posed:  P ", " R (and R)* ("of"|"at"...) O    "Zhang Hong, vice-president and secretary-general of the BSC"
               P ", who is " R " at " O              "Ann Lee, who is chief economist at Acme Bank"
               P ", " O "'s"? R                      "Wang Yi, China's foreign minister" (O) / "Li Na, BSC president"
               P " is a "/" became "/" serves as " R " of " O   "Ann Lee became chief executive of Acme"
               P ", " P "'s " R                      "Sonya Zoghlin, Carlineo's attorney" (no organisation)
               P " of "/" from " O                   "John Smith of Acme Inc" (no role)
               P ", who runs the " noun O            "X, who runs the security firm Zscaler" (no role)
* pre-posed:   O "'s"? R P                          "Acme Inc CEO John Smith", "the BSC's president Zhang Hong"
               R P                                  "Foreign Minister Wang Yi"
               R " of " O ","? P                      "chief executive of Acme Inc John Smith"
               R P " of " O                           "Chairman John Smith of Acme Inc"
               O " named/appointed " P (" as"|" its") R   "Acme named Ann Lee its chief executive"

Coordinated roles ("vice-president and secretary-general") share the
organisation and give one relation each.  A role used by a post-posed
apposition is not reused as a pre-posed title of the next person.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import gazetteer
from .tokens import DEMONYM

APPOS = re.compile(
    r"\s*,\s*(?:\d{1,3}\s*,\s*)?(?:(?:[A-Z]\.){2,}\s+)?(?:(?:who|which)\s+(?:(?:is|was|has\s+been|had\s+been)\s+"
    r"(?:named|appointed|elected|promoted\s+to|hired\s+as)(?:\s+as)?|"
    r"is|was|has\s+been|had\s+been|serves\s+as|served\s+as|became|remains|"
    r"(?:quit|resigned|stepped\s+down|works|worked|retired|left)\s+as)\s+)?"
    r"(?:also\s+|now\s+|currently\s+)?(?:the\s+|a\s+|an\s+|its\s+|their\s+|his\s+|her\s+)?"
    r"(?:[a-z]+['’]s\s+)?(?:[A-Za-z.]+-based\s+)?(?:retired\s+|longtime\s+|veteran\s+|former\s+|ex-)?"
)
# "X, a threat researcher at ...", "X, the company's longtime chief ...": after
# an article, up to two lower-case modifiers may stand before the role
APPOS_MODIFIED = re.compile(
    r"\s*,\s*(?:\d{1,3}\s*,\s*)?(?:a|an|the|its|their|his|her)\s+(?:[a-z]+['’]s\s+)?(?:[a-z][\w-]*\s+){1,2}"
)
# "X, Research and Advocacy Director at ...": title-case words of the role before it
APPOS_TITLED = re.compile(r"\s*,\s*(?:the\s+)?[A-Z][a-z]+(?:\s+(?:and\s+|&\s+)?[A-Z][a-z]+){0,3}\s+")
COORD = re.compile(r"\s*(?:,\s*and|,|and|&|/)\s*(?:the\s+|a\s+|an\s+)?")
# titles before a name are coordinated by "and", not by a bare comma:
# "president and treasurer, vice president Polly Poskin" gives Poskin one title
COORD_PRE = re.compile(r"\s*(?:,\s*and|and|&|/)\s*(?:the\s+)?(?:[a-z]+\s+)?")   # "founder and legendary CEO"
_POSSESSIVE = re.compile(r"['’]s\s+")
PLURAL_NEXT = re.compile(r"\s*(?:,\s*and|,|and|&)\s*(?:([A-Z][a-z]+(?: Rican)?)\s+)?")
# (a compound adjective may stand before the name: "of the Oslo-based Acme Group")
_BASED = r"(?:[\w.&]+-(?:based|owned|backed|led|run|funded|controlled|linked|affiliated|founded)\s+)?"
ROLE_OF = re.compile(r"\s*(?:of|at|for|with|from|in|to)\s+(?:the\s+)?" + _BASED)
# a role with a complement before its organisation: "director for games at
# Google", "professor of international studies at the University of Miami",
# "senior vp partnerships and revenue at Ubisoft"; and an organisation with a
# descriptor before it: "at tech market research firm IDC", "at eastern
# Indiana's Richmond High School".  No comma, at most six words each side.
ROLE_OF_LOOSE = re.compile(
    r"(?:\s+(?:[a-z][\w/&-]*|[A-Z]{2,}[\w/&-]*)){1,6}\s+(?:at|with|for)\s+(?:the\s+)?"
    r"(?:[a-z][\w-]*\s+){0,4}(?:[A-Z][\w.]*['’]s\s+)?"
    r"|\s*(?:at|with|for|of)\s+(?:the\s+)?(?:[a-z][\w-]*\s+){1,4}(?:[A-Z][\w.]*['’]s\s+)?"
    r"|\s*(?:at|with|for|of)\s+(?:the\s+)?[A-Z][\w.]*['’]s\s+"
    # a capitalised complement: "Director of Communications at", "director for the
    # Middle East and North Africa at"
    r"|\s+(?:of|for|in)\s+(?:the\s+)?[A-Z][\w.-]*(?:\s+(?:(?:and|of|&)\s+)?[A-Z][\w.-]*){0,5}\s+(?:at|with)\s+(?:the\s+)?"
)
# the units a person leads inside an organisation ("who leads the research team at Acme")
_UNITS = "|".join(
    "team unit division department group lab laboratory program programme office desk practice center centre "
    "project initiative section bureau branch committee board panel operations business arm wing clinic "
    "institute".split())
# "X, who heads Acme", "X, who founded Solidarity", "X joined Acme in 2019"
_PERSON_VERB = (
    r"\s*,\s*(?:\d{1,3}\s*,\s*)?who\s+(?:also\s+|now\s+|later\s+|once\s+)?"
    r"(?:heads|headed|leads|led|runs|ran|founded|co-founded|"
    r"cofounded|chairs|chaired|owns|owned|directs|directed|joined|works\s+(?:at|for)|"
    r"(?:has\s+|had\s+)?(?:worked|served)\s+(?:at|for|with)|"
    r"(?:teaches|taught|lectures|lectured)\s+(?:[a-z][\w-]*\s+){0,3}(?:at|for)|"
    r"(?:heads|headed|leads|led|directs|directed|manages|managed|oversees|oversaw)\s+"
    r"(?:the|its|a|an)\s+(?:[a-z][\w-]*\s+){0,2}(?:" + _UNITS + r")\s+(?:at|of)(?:\s+the)?)\s+"
    r"|\s+(?:has\s+|had\s+|recently\s+|later\s+)?(?:joined|rejoined|founded|co-founded|cofounded)\s+"
)
PERSON_VERB_ORG = re.compile(
    r"(?:%s)(?:the\s+)?" % _PERSON_VERB
    + r"|\s+(?:reports|reported|writes|wrote|is\s+reporting|was\s+reporting)\s+for\s+(?:the\s+)?"   # journalists
)
_described: dict[int, re.Pattern[str]] = {}


def person_verb_described_org(glue: str) -> bool:
    """"X, who runs the security firm Zscaler", "X founded the cloud company
    Acme": the verbs of `PERSON_VERB_ORG`, then an organisation noun
    (`data/gazetteers/org_descriptors.txt`, up to three lower-case words
    before it) right before the name."""
    g = gazetteer.load()
    pattern = _described.get(id(g))
    if pattern is None:
        nouns = "|".join(sorted((re.escape(n).replace(r"\ ", r"\s+") for n in g.org_descriptors),
                                key=len, reverse=True))
        pattern = _described[id(g)] = re.compile(
            r"(?:%s)(?:the\s+|an?\s+|its\s+|his\s+|her\s+|their\s+)(?:[a-z][\w-]*\s+){0,3}(?:%s)\s*,?\s+"
            % (_PERSON_VERB, nouns))
    return pattern.fullmatch(glue) is not None
# "X was named chief executive of Acme", "X has been named new DHS acting secretary",
# "X is the CEO of DH", "X became the first president of ..."
NAMED = re.compile(
    r"\s+(?:(?:has\s+been|have\s+been|had\s+been|was|is|were|will\s+be)\s+"
    r"(?:named|appointed|elected|promoted\s+to|hired\s+as|tapped\s+as|confirmed\s+as|sworn\s+in\s+as)\s+"
    r"(?:as\s+)?(?:the\s+|a\s+|an\s+|its\s+|their\s+)?"
    r"|(?:is|was|has\s+been|had\s+been|became|becomes|remains|will\s+be)\s+(?:the|its|their)\s+"
    # "X is a professor at ...", "X became chief executive of ...", "X serves as CFO of ..."
    r"|(?:is|was|has\s+been|had\s+been|remains|will\s+be)\s+(?:now\s+|also\s+|currently\s+)?an?\s+"
    r"|(?:became|becomes|has\s+become|had\s+become)\s+(?:an?\s+)?"
    r"|(?:serves|served|has\s+served|had\s+served|will\s+serve|is\s+serving|was\s+serving)\s+as\s+"
    r"(?:the\s+|its\s+|their\s+|an?\s+)?"
    r"|as\s+(?:the\s+|its\s+|our\s+|their\s+|his\s+|her\s+|a\s+|an\s+)?(?:[a-z]+['’]s\s+)?)"   # "X as the company's first CSO"
    r"(?:new\s+|next\s+|acting\s+|interim\s+|permanent\s+|first\s+|current\s+|founding\s+)?"
)
# more words of one role phrase between two role mentions: "a consultant chest physician at ..."
ROLE_WORDS = re.compile(r"(?:\s+[a-z][\w-]*){0,2}\s+")
# "Acme named Jane Doe its chief executive", "Acme has appointed Jane Doe as CEO":
# the organisation, the verb, the person, then the role
ORG_APPOINTS = re.compile(r"\s+(?:has\s+|have\s+|had\s+)?(?:named|appointed|hired|elected|promoted|tapped)\s+")
APPOINTED_AS = re.compile(r"\s+(?:as\s+)?(?:its|their|the|an?)?\s*(?:new\s+|next\s+|first\s+|interim\s+|acting\s+)?"
                          r"|\s+to\s+(?:the\s+)?(?:post|position|role|job)\s+of\s+")
# "Jane Doe is Acme's chief executive": a copula before the organisation's role
COPULA_ORG = re.compile(r"\s+(?:is|was|has\s+been|had\s+been|became|becomes|remains)\s+(?:now\s+|also\s+)?(?:the\s+)?")
# "Jane Doe was hired by Acme as chief economist": the passive, then the role
HIRED_BY = re.compile(r"\s+(?:has\s+been|had\s+been|was|is|were|will\s+be)\s+"
                      r"(?:named|appointed|hired|elected|promoted|tapped|recruited)\s+by\s+(?:the\s+)?")
# "Sonya Zoghlin, Carlineo's attorney": a role relative to another person, no organisation
PERSON_POSSESSIVE_ROLE = re.compile(r"['’]s?\s+(?:[a-z][\w-]*\s+){0,2}")
# "X (Acme)": an organisation in parentheses right after the name
PERSON_PAREN = re.compile(r"\s*\(\s*")
# "X and Y, both professors at ..."
BOTH = re.compile(r"\s*,\s*(?:both|all)\s+")
ORG_ROLE = re.compile(r"(?:['’]s?)?\s+(?:the\s+)?(?:most\s+|own\s+|new\s+)?"
                      # after a possessive, up to two lower-case words: "The We Company's recently named executive chair"
                      r"|['’]s?\s+(?:[a-z][\w-]*\s+){1,2}")
# after "P, ": up to two lower-case words of the role between the organisation
# and the role ("Julie Graham, Washington State Department of Health public information officer")
ORG_ROLE_APPOS = re.compile(r"(?:['’]s?)?\s+(?:the\s+)?(?:[a-z][\w-]*\s+){0,2}")
# "CrowdStrike's Adam Meyers": an organisation's person, no role named
ORG_POSSESSIVE = re.compile(r"['’]s?\s+")
ROLE_NAME = re.compile(r"\s+|\s*,\s*")
ORG_NAME = re.compile(r"\s*,?\s*")
PERSON_OF = re.compile(r"\s+(?:of|from)\s+(?:the\s+)?")
# "Jane Doe, with the Urban Institute, said": set off by commas (the closing one is checked)
PERSON_WITH = re.compile(r"\s*,\s*(?:with|from|of)\s+(?:the\s+)?")
# "..., a professor at A and a fellow at B"
AND_ANOTHER = re.compile(r"\s*,?\s+and\s+(?:also\s+)?(?:a|an|the|as)?\s*(?:[a-z][\w-]*\s+){0,2}")
# after a titled name only: "the immunologist Jane Roe at the University of
# Pennsylvania" (a bare "Jane Roe at the White House" may be a visit)
PERSON_AT = re.compile(r"\s+(?:at|with)\s+(?:the\s+)?")


@dataclass(frozen=True)
class Item:
    kind: str      # "P", "R" or "O"
    start: int
    end: int
    ref: object    # entity index (P), RoleSpan (R), OrgSpan (O)


@dataclass(frozen=True)
class Relation:
    person: int            # entity index
    person_item: Item
    role: object | None    # RoleSpan
    org: object | None     # OrgSpan


_VERB_NOT_ROLE = re.compile(r"\bwho\s+(?:also\s+|now\s+)?$")


def find(text: str, items: list[Item]) -> list[Relation]:
    # "who heads ...", "who chairs ...": a verb, not the plural role "heads"
    items = sorted((it for it in items if not (
        it.kind == "R" and text[it.start:it.end].lower() in ("heads", "chairs", "directs", "leads", "manages")
        and _VERB_NOT_ROLE.search(text, max(0, it.start - 12), it.start))), key=lambda it: it.start)
    n = len(items)
    out: list[Relation] = []
    used: set[int] = set()

    def glue(a: int, b: int) -> str:
        return text[items[a].end:items[b].start]

    def roles_forward(j: int) -> tuple[list[int], int]:
        chain = [j]
        k = j + 1
        while k < n and items[k].kind == "R" and COORD.fullmatch(glue(k - 1, k)):
            chain.append(k)
            k += 1
        return chain, k

    def roles_backward(k: int) -> list[int]:
        chain = [k]
        while k - 1 >= 0 and items[k - 1].kind == "R" and k - 1 not in used and COORD_PRE.fullmatch(glue(k - 1, k)):
            k -= 1
            chain.insert(0, k)
        return chain

    def _title_of_next(j: int) -> bool:
        """Is the role at j a title standing before the next person
        ("..., Ambassador Thomas-Greenfield", "..., CIA Director Bill Burns")?"""
        chain, k = roles_forward(j)
        return len(chain) == 1 and k < n and items[k].kind == "P" and glue(k - 1, k).isspace()

    def appositive_roles(j: int) -> tuple[list[int], int]:
        """The role chain after "P, ", without a last role that is the next
        person's title ("P, president and treasurer, vice president Q")."""
        chain, k = roles_forward(j)
        if len(chain) > 1 and k < n and items[k].kind == "P" and glue(k - 1, k).isspace() \
                and not COORD_PRE.fullmatch(glue(chain[-2], chain[-1])):
            chain.pop()
            k -= 1
        return chain, k

    for i, it in enumerate(items):
        if it.kind != "P":
            continue
        found = False
        j = i + 1
        # "Acme appointed Jane Doe as chief executive": the organisation that named her
        appointer = items[i - 1] if (i >= 1 and items[i - 1].kind == "O"
                                     and ORG_APPOINTS.fullmatch(glue(i - 1, i))) else None
        both = j < n and items[j].kind == "R" and BOTH.fullmatch(glue(i, j))
        named = j < n and NAMED.fullmatch(glue(i, j))
        plain = j < n and items[j].kind == "R" and bool(
            APPOS.fullmatch(glue(i, j)) or both or named or APPOS_MODIFIED.fullmatch(glue(i, j)))
        # title-case words before a capitalised role count only with an organisation after it
        titled = not plain and j < n and items[j].kind == "R" and bool(
            APPOS_TITLED.fullmatch(glue(i, j))) and text[items[j].start:items[j].start + 1].isupper()
        if (plain or titled) and not _title_of_next(j):
            chain, k = appositive_roles(j)
            compound = k < n and items[k].kind == "R" and ROLE_WORDS.fullmatch(glue(k - 1, k)) \
                and not _title_of_next(k)
            if compound:
                k += 1          # "consultant chest physician": one role phrase, named by its first role
            org = None
            org_refs = [None]
            if k < n and items[k].kind == "O" and (ROLE_OF.fullmatch(glue(k - 1, k))
                                                   or ROLE_OF_LOOSE.fullmatch(glue(k - 1, k))):
                org = items[k]
                org_refs = [org.ref]
                if k + 1 < n and items[k + 1].kind == "O" and _POSSESSIVE.fullmatch(glue(k, k + 1)):
                    org_refs.append(items[k + 1].ref)   # "at New York University's Stern School": both
            if org is None and appointer is not None and APPOINTED_AS.fullmatch(glue(i, j)):
                org_refs = [appointer.ref]
            if titled and org is None:
                chain = []
            for r in chain:
                used.add(r)
                role = items[r].ref
                if len(chain) == 1:     # the role phrase as written: "a threat researcher", "director for games at"
                    role = _as_written(text, role, glue(i, j), items[k - 1].end if compound else role.end,
                                       items[k].start if org else None)
                out.extend(Relation(it.ref, it, role, o) for o in org_refs)
                if both or (plain and _plural(items[r].ref)):
                    # "King and Weeks, (both) professors at ...": every coordinated name
                    b = i
                    while b - 1 >= 0 and items[b - 1].kind == "P" and _coordinated(glue(b - 1, b)):
                        b -= 1
                        out.extend(Relation(items[b].ref, items[b], items[r].ref, o) for o in org_refs)
            found = bool(chain)
            # "X, a professor at A and a fellow at B": a second role at a second organisation
            if (found and org is not None and k + 2 < n and items[k + 1].kind == "R" and items[k + 2].kind == "O"
                    and k + 1 not in used and AND_ANOTHER.fullmatch(glue(k, k + 1))
                    and ROLE_OF.fullmatch(glue(k + 1, k + 2))):
                used.add(k + 1)
                out.append(Relation(it.ref, it, items[k + 1].ref, items[k + 2].ref))
        elif (j + 1 < n and items[j].kind == "O" and items[j + 1].kind == "R"
              and (APPOS.fullmatch(glue(i, j)) or named or COPULA_ORG.fullmatch(glue(i, j)))
              and ORG_ROLE_APPOS.fullmatch(glue(j, j + 1)) and not _title_of_next(j + 1)):
            chain, _ = roles_forward(j + 1)
            for r in chain:
                used.add(r)
                out.append(Relation(it.ref, it, items[r].ref, items[j].ref))
            found = True
        if (not found and j + 1 < n and items[j].kind == "P" and items[j + 1].kind == "R" and j + 1 not in used
                and APPOS.fullmatch(glue(i, j)) and PERSON_POSSESSIVE_ROLE.fullmatch(glue(j, j + 1))
                and text[items[j + 1].end:items[j + 1].end + 1] in (",", ".", ")", ";")):
            used.add(j + 1)     # "Sonya Zoghlin, Carlineo's attorney, told ..."
            out.append(Relation(it.ref, it, items[j + 1].ref, None))
            found = True
        if (not found and j + 1 < n and items[j].kind == "O" and items[j + 1].kind == "R" and j + 1 not in used
                and HIRED_BY.fullmatch(glue(i, j)) and APPOINTED_AS.fullmatch(glue(j, j + 1))):
            used.add(j + 1)     # "Jane Doe was hired by Acme as chief economist"
            out.append(Relation(it.ref, it, items[j + 1].ref, items[j].ref))
            found = True
        if (not found and appointer is not None and j + 1 < n and items[j].kind == "O"
                and text[items[j].start:items[j].end].lower() in ("its", "their") and glue(i, j).isspace()
                and items[j + 1].kind == "R" and j + 1 not in used and glue(j, j + 1).isspace()):
            used.add(j + 1)     # "Acme named Jane Doe its chief executive"
            out.append(Relation(it.ref, it, items[j + 1].ref, appointer.ref))
            found = True
        of_org = None
        if not found and j < n and items[j].kind == "O" and (
                PERSON_OF.fullmatch(glue(i, j))
                or (PERSON_WITH.fullmatch(glue(i, j)) and text[items[j].end:items[j].end + 1] in (",", ")"))):
            of_org = items[j]       # "John Smith of Acme Inc"
        elif not found and j < n and items[j].kind == "O" and (
                PERSON_VERB_ORG.fullmatch(glue(i, j)) or person_verb_described_org(glue(i, j))
                or (PERSON_PAREN.fullmatch(glue(i, j)) and text[items[j].end:items[j].end + 1] == ")")):
            out.append(Relation(it.ref, it, None, items[j].ref))   # "X, who heads Acme", "X (Acme)"
            found = True
        k = i - 1
        if k >= 0 and items[k].kind == "R" and k not in used and ROLE_NAME.fullmatch(glue(k, i)):
            chain = roles_backward(k)
            first = chain[0]
            org = None
            if first - 1 >= 0 and items[first - 1].kind == "O" and ORG_ROLE.fullmatch(glue(first - 1, first)):
                org = items[first - 1]
            elif of_org is not None:
                org, of_org = of_org, None   # "Chairman John Smith of Acme Inc"
            elif (not found and j < n and items[j].kind == "O" and PERSON_AT.fullmatch(glue(i, j))
                  and text[items[first].start:items[first].start + 1].islower()):
                org = items[j]      # "the immunologist Jane Roe at the University of Pennsylvania",
                #                     not a title's office: "Senator Jane Roe at the White House"
            for r in chain:
                used.add(r)
                out.append(Relation(it.ref, it, items[r].ref, org.ref if org else None))
        elif (k - 1 >= 0 and items[k].kind == "O" and items[k - 1].kind == "R" and k - 1 not in used
              and ORG_NAME.fullmatch(glue(k, i)) and ROLE_OF.fullmatch(glue(k - 1, k))):
            for r in roles_backward(k - 1):
                used.add(r)
                out.append(Relation(it.ref, it, items[r].ref, items[k].ref))
        elif (k >= 0 and items[k].kind == "O" and ORG_POSSESSIVE.fullmatch(glue(k, i)) and not found
              and of_org is None):
            out.append(Relation(it.ref, it, None, items[k].ref))    # "CrowdStrike's Adam Meyers"
        if of_org is not None:
            out.append(Relation(it.ref, it, None, of_org.ref))
    # a plural title covers the coordinated names after it:
    # "federal prosecutors Andrea Goldbarg and Monica Castro"
    for rel in list(out):
        role = rel.role
        if role is None or not _plural(role):
            continue
        i = items.index(rel.person_item)
        if i == 0 or items[i - 1].kind != "R" or items[i - 1].ref is not role:
            continue
        k = i + 1
        while k < n and items[k].kind == "P" and _coordinated(glue(k - 1, k)):
            out.append(Relation(items[k].ref, items[k], role, rel.org))
            k += 1
    return out


# lower-case words between the article and the role ("a threat researcher"),
# and a complement between the role and the organisation's preposition
# ("vice president of investigations at", "director for games at")
_MODIFIERS_BEFORE = re.compile(r"(?:a|an|the|its|their|his|her)\s+(?:[a-z]+['’]s\s+)?((?:[a-z][\w-]*\s+){1,2})$")
_COMPLEMENT_AFTER = re.compile(r"((?:\s+(?:[a-z][\w/&-]*|[A-Z]{2,}[\w/&-]*)){1,5}?)\s+(?:at|with|for)\s+"
                               r"(?:the\s+)?(?:[a-z][\w-]*\s+){0,4}(?:[A-Z][\w.]*['’]s\s+)?$")
# words before a role that describe the person's time in it, not the role
_NOT_ROLE_WORDS = frozenset("former longtime long-time veteran retired new then current acting interim "
                            "outgoing incoming later also now first second third next last".split())


def _as_written(text: str, role, before: str, end: int, org_start: int | None):
    """The role phrase of an apposition as the text writes it: the role with
    the lower-case words the article puts before it and the complement before
    the organisation ("threat researcher", "vice president of investigations"),
    keeping the lexicon's normalised form."""
    start = role.start
    m = _MODIFIERS_BEFORE.search(before)
    if m:
        words = m.group(1).split()
        while words and words[0] in _NOT_ROLE_WORDS:
            words.pop(0)
        if words and not any(w in _NOT_ROLE_WORDS for w in words):
            start = role.start - len(" ".join(words)) - 1
            if text[start:role.start].rstrip() != " ".join(words):
                start = role.start
    if org_start is not None:
        m = _COMPLEMENT_AFTER.fullmatch(text, end, org_start)
        if m and m.group(1).split()[0] in ("of", "for", "on", "in"):
            end = m.end(1)
    if (start, end) == (role.start, role.end):
        return role
    return type(role)(start, end, text[start:end], role.normalised)


def _coordinated(glue: str) -> bool:
    """Is ``glue`` what stands between two coordinated names, a nationality
    before the second included ("American Kevin King and Australian Timothy
    Weeks, both professors at ...")?"""
    m = PLURAL_NEXT.fullmatch(glue)
    return m is not None and (m[1] is None or DEMONYM.search(m[1]) is not None)


def _plural(role) -> bool:
    text = role.text.lower()
    return text.endswith("s") and not role.normalised.endswith("s")
