"""Every sentence an error says, by code, in Danish and English: the one message catalogue.

Code raises errors.Message(code, params); the sentence is made here, in the language asked for, only when a
person reads it. A parameter that is a Message (or Problem) is said in the same language; one that may be a
CPR number is passed through `quoted()` so it is never shown. A new error: add its code here with both
sentences, and raise `msg(code, ...)`; never match a sentence to find out what went wrong.
"""
from __future__ import annotations

from typing import Any

CATALOGUE: dict[str, tuple[str, str]] = {
    # --- a value that may not be shown
    "cpr_hidden": ("(en værdi, der ligner et CPR-nummer, vises ikke)", "(a value that looks like a CPR number, not shown)"),
    # --- profiles: reading (profile_io)
    "profile_stdin_closed": ("Profilen skal læses fra standard input, men den er lukket.",
                             "The profile is to be read from standard input, but it is closed."),
    "profile_missing": ("Profilen {name} findes ikke.", "The profile {name} does not exist."),
    "profile_is_folder": ("{name} er en mappe, ikke en profilfil.", "{name} is a folder, not a profile file."),
    "profile_unreadable": ("Profilen {name} kan ikke læses ({error}).", "The profile {name} cannot be read ({error})."),
    "profile_bad_text": ("Profilen kan ikke læses: {problem}.", "The profile cannot be read: {problem}."),
    "profile_has_cpr": ("Profilen indeholder en værdi, der ligner et CPR-nummer. Den er afvist og vises ikke. "
                        "Brug et pseudonymt case_id i stedet.",
                        "The profile contains a value that looks like a CPR number. It was refused and is not shown. "
                        "Use a pseudonymous case_id instead."),
    "too_deep_in": ("{name}: {inner}", "{name}: {inner}"),
    "profile_duplicate_fact": ("Profilen angiver faktummet '{name}' to gange.", "The profile gives the fact '{name}' twice."),
    "profile_bad_json": ("Profilen kan ikke læses: {where}: ugyldig JSON{detail}.",
                         "The profile cannot be read: {where}: invalid JSON ({json})."),
    # --- profiles: types and ranges (coerce)
    "bad_eval_date": ("--date skal være en dato som ÅÅÅÅ-MM-DD, ikke '{value}'.",
                      "--date must be a date as YYYY-MM-DD, not '{value}'."),
    "profile_not_mapping": ("Profilen skal være en samling af faktanavne og værdier (fx `age: 34`), ikke en liste eller en enkelt værdi.",
                            "The profile must be a mapping of fact names to values (e.g. `age: 34`), not a list or a single value."),
    "fact_is_derived": ("Faktummet '{name}' beregnes af motoren ud fra {sources}; angiv dem i stedet.",
                        "The fact '{name}' is computed by the engine from {sources}; give those instead."),
    "unknown_fact": ("Profilen har et ukendt faktum '{name}'.{hint} Se `standards facts` for ordforrådet.",
                     "The profile has an unknown fact '{name}'.{hint} See `standards facts` for the vocabulary."),
    "did_you_mean": (" Mente du '{near}'?", " Did you mean '{near}'?"),
    "wrong_type": ("Faktummet '{name}' skal være {type}, men er {value}.{hint}",
                   "The fact '{name}' must be {type}, but is {value}.{hint}"),
    "text_control_chars": ("Faktummet '{name}' indeholder styre- eller retningstegn (fx ESC eller U+202E), som kan "
                           "skjule eller vende teksten på en skærm; skriv det med almindelige tegn.",
                           "The fact '{name}' contains control or direction characters (e.g. ESC or U+202E), which can "
                           "hide or reverse text on a screen; write it with ordinary characters."),
    "write_in_quotes": (" Skriv den i anførselstegn, fx \"12345\".", " Write it in quotes, e.g. \"12345\"."),
    "type_bool": ("ja/nej (true/false)", "true or false"),
    "type_int": ("et helt tal", "a whole number"),
    "type_number": ("et tal", "a number"),
    "type_date": ("en dato (ÅÅÅÅ-MM-DD)", "a date (YYYY-MM-DD)"),
    "type_text": ("en tekst", "a text"),
    "type_enum": ("én af: {values}", "one of: {values}"),
    "type_list": ("en liste med værdier blandt: {values}", "a list of values among: {values}"),
    "out_of_range": ("Faktummet '{name}' skal være {span}, men er {value}.", "The fact '{name}' must be {span}, but is {value}."),
    "span_between": ("mellem {lo} og {hi}", "between {lo} and {hi}"),
    "span_at_least": ("mindst {lo}", "at least {lo}"),
    "facts_contradict": ("Faktaene '{name}' og '{other}' er begge {value}, men det ene er det modsatte af det andet "
                         "({why}). Ret det ene, eller udelad det.",
                         "The facts '{name}' and '{other}' are both {value}, but each is the opposite of the other "
                         "({why}). Correct one of them or leave it out."),
    "fact_implies": ("Faktummet '{name}' er true, men '{implied}' er false, selv om det første er et tilfælde af det "
                     "andet ({why}). Ret det ene, eller udelad det.",
                     "The fact '{name}' is true but '{implied}' is false, though the first is a case of the second "
                     "({why}). Correct one of them or leave it out."),
    "why_negation": ("kan behandlingen gives efter anden lovgivning, er mulighederne dér ikke udtømt",
                     "treatment that can be obtained under other legislation means those options are not exhausted"),
    "why_implies": ("er behandlingen nødvendig for at forbedre, er den nødvendig for at bevare eller forbedre",
                    "treatment necessary to improve is necessary to preserve or improve"),
    # --- derived facts (derive)
    "after_eval_date": ("Faktummet '{name}' ({meaning}) er {value}, efter evalueringsdatoen {on}.",
                        "The fact '{name}' ({meaning}) is {value}, after the evaluation date {on}."),
    "computed_disagrees": ("Faktummet '{name}' ({value}) passer ikke med {sources}, som giver {computed} den {on}.",
                           "The fact '{name}' ({value}) does not match {sources}, which gives {computed} on {on}."),
    # --- example cases (cases.py, `standards test`)
    "case_path_missing": ("stien findes ikke", "the path does not exist"),
    "case_folder": ("eksempelsager skal ligge i <kommune>/<ydelse>/tests/, men '{service}' er ikke en ydelse ({known})",
                    "example cases must be in <municipality>/<service>/tests/, but '{service}' is not a service ({known})"),
    "case_date_forms": ("en sag skal have præcis én af 'date' (én dato), 'dates' (flere datoer) og 'expect_on' (en forventning pr. dato)",
                        "a case must have exactly one of 'date' (one date), 'dates' (several dates) and 'expect_on' (an expectation per date)"),
    "case_expect_forms": ("en sag skal have præcis én af 'expect' og 'expect_on'",
                          "a case must have exactly one of 'expect' and 'expect_on'"),
    "case_outcome_unknown": ("ukendt udfald '{word}' i forventningen{hint} (gyldige: {valid}); sagen er ikke kørt",
                             "unknown outcome '{word}' in the expectation{hint} (valid: {valid}); the case was not run"),
    "case_outcome_hint": ("; mente du '{near}' ({label})?", "; did you mean '{near}' ({label})?"),
    "case_outcome_or_error": ("expect skal have præcis én af 'outcome' og 'error'", "expect must have exactly one of 'outcome' and 'error'"),
    "case_standard_invalid": ("standarden, sagen kører mod, er ikke gyldig:", "the standard the case runs against is not valid:"),
    "case_expected_error": ("forventet en fejl med »{want}«, fik: {got}", "expected an error with “{want}”, got: {got}"),
    "case_not_evaluated": ("kunne ikke vurderes: {error}", "could not be evaluated: {error}"),
    "case_expected_error_got_outcome": ("forventet en fejl med »{want}«, fik udfaldet {got}",
                                        "expected an error with “{want}”, got the outcome {got}"),
    "case_expect_unknown_fact": ("forventningen nævner et ukendt faktum '{name}'{hint} (se `standards facts`)",
                                 "the expectation names an unknown fact '{name}'{hint} (see `standards facts`)"),
    "case_excluded_not_value": ("expect.excluded nævner '{value}', som ikke er en værdi af det ansøgte indhold",
                                "expect.excluded names '{value}', which is not a value of the requested content"),
    "case_outcome": ("udfald: forventet {want}, fik {got}", "outcome: expected {want}, got {got}"),
    "case_missing_fact": ("  mangler: {name}: {question}", "  missing: {name}: {question}"),
    "case_deciding_unknown": ("afgørende regel: '{id}' findes ikke i standarden{hint}",
                              "deciding rule: '{id}' is not in the standard{hint}"),
    "case_deciding": ("afgørende regel: forventet {id} »{text}«, men den var ikke afgørende; afgørende var:",
                      "deciding rule: expected {id} “{text}”, but it did not decide; deciding were:"),
    "case_deciding_got": ("  – {id}: »{text}«", "  – {id}: “{text}”"),
    "case_deciding_none": ("  ingen regel", "  no rule"),
    "case_recommended": ("anbefalet {name}: forventet {want}, fik {got}", "recommended {name}: expected {want}, got {got}"),
    "case_none": ("ingen", "none"),
    "case_missing": ("manglende oplysninger: forventet {want}, fik {got}", "missing information: expected {want}, got {got}"),
    "case_missing_extra": ("  spurgt om, men ikke forventet: {name}: {question}", "  asked for, but not expected: {name}: {question}"),
    "case_missing_absent": ("  forventet, men ikke spurgt om: {name}", "  expected, but not asked for: {name}"),
    "case_level": ("støtteniveau: forventet {want}, fik {got}", "support level: expected {want}, got {got}"),
    "case_no_level": ("intet", "none"),
    "case_excluded": ("undtaget indhold: forventet {want}, fik {got}", "excluded content: expected {want}, got {got}"),
    "case_referral_check": ("henvisning til {service}: forventet {want}, fik {got}", "referral to {service}: expected {want}, got {got}"),
    "case_referral": ("henvisning: forventet {want}, fik {got}", "referral: expected {want}, got {got}"),
    "case_referral_present": ("henvisning: {service} må ikke gives, men blev givet", "referral: {service} must not be given, but was"),
    "case_fails": ("sagen »{name}« fejler", "the case “{name}” fails"),
    "case_none_found": ("Ingen eksempelsager fundet under {where}: ingen filer i <kommune>/<ydelse>/tests/*.yaml.{why}",
                        "No example cases found under {where}: no files in <municipality>/<service>/tests/*.yaml.{why}"),
    "case_none_standards": (" Standarder fundet dér uden eksempelsager: {services}.",
                            " Standards found there with no example cases: {services}."),
    "case_none_no_standards": (" Der er heller ingen standarder dér.", " There are no standards there either."),
    "case_uncovered": ("ingen eksempelsag har disse regler som afgørende: {rules}",
                       "no example case has these rules as deciding: {rules}"),
    # --- the API
    "unknown_language": ("Ukendt sprog '{lang}'; brug da eller en.", "Unknown language '{lang}'; use da or en."),
    # --- the repository
    "no_revisions": ("{municipality}/{service} har ingen udgaver: ingen fil med navnet ÅÅÅÅ-MM-DD.yaml i {folder}.",
                     "{municipality}/{service} has no revisions: no file named YYYY-MM-DD.yaml in {folder}."),
    "none_in_force": ("Ingen udgave af {municipality}/{service} er gældende den {on}: den første gælder fra {first}.",
                      "No revision of {municipality}/{service} is in force on {on}: the first is in force from {first}."),
    # --- which revision applies (revisions.py)
    "revision_differs": ("Ansøgningen er modtaget {application}, da udgaven gældende fra {then} gjaldt; vurderingen pr. {on} "
                         "bruger udgaven gældende fra {now}. Udgangspunktet er reglerne på afgørelsestidspunktet, medmindre "
                         "standarden eller loven har en overgangsregel.",
                         "The application was received on {application}, under the revision in force from {then}; the "
                         "evaluation on {on} uses the revision in force from {now}. As a rule the rules at the time of the "
                         "decision apply, unless the standard or the law has a transition rule."),
    "revision_soon": ("En ny udgave gælder fra {next} ({days} dage efter {on}); træffes afgørelsen fra den dag, gælder den "
                      "nye udgave i stedet for udgaven gældende fra {now}.",
                      "A new revision applies from {next} ({days} days after {on}); a decision made from that day is "
                      "made under it instead of the revision in force from {now}."),
    "revision_transition": ("Overgangsregel i udgaven gældende fra {since}: {text}",
                            "Transition rule of the revision in force from {since}: {text}"),
    "revision_file_missing": ("{path}: filen findes ikke.", "{path}: the file does not exist."),
    # --- YAML the parser refuses (yamlio: ruamel's complaint, said as a person would)
    "yaml_colon_here": ("et kolon (:) står, hvor der ikke kan begynde en ny nøgle; sæt værdien i anførselstegn eller ret indrykningen", "a colon (:) where no new key can start; quote the value or fix the indentation"),
    "yaml_list_unclosed": ("en liste i [ ] er ikke lukket rigtigt (mangler der ] eller et komma?)", "a list in [ ] is not closed properly (a missing ] or comma?)"),
    "yaml_mapping_unclosed": ("en samling i {{ }} er ikke lukket rigtigt (mangler der }} eller et komma?)", "a mapping in {{ }} is not closed properly (a missing }} or comma?)"),
    "yaml_many_documents": ("filen har mere end ét YAML-dokument (---); en fil skal have ét", "the file has more than one YAML document (---); a file must have one"),
    "yaml_ends_in_value": ("filen slutter midt i en værdi (mangler der et afsluttende anførselstegn?)", "the file ends inside a value (a missing closing quote?)"),
    "yaml_indentation": ("indrykningen passer ikke med linjerne over", "the indentation does not match the lines above"),
    "yaml_colon_missing": ("der mangler et kolon (:) efter en nøgle", "a colon (:) is missing after a key"),
    "yaml_cannot_start": ("et tegn, der ikke kan begynde en værdi her; sæt værdien i anførselstegn", "a character that cannot start a value here; quote the value"),
    "yaml_unknown_escape": ("ukendt escape-tegn efter \\ i en tekst i dobbelte anførselstegn; brug enkelte anførselstegn", "an unknown escape after \\ in a double-quoted text; use single quotes"),
    "yaml_value_missing": ("en værdi mangler her", "a value is missing here"),
    "yaml_bad_character": ("filen indeholder et tegn, der ikke er tilladt i YAML (fx et kontroltegn)", "the file contains a character YAML does not allow (e.g. a control character)"),
    "yaml_unknown_tag": ("ukendt YAML-mærke (!…); skriv værdien uden", "an unknown YAML tag (!…); write the value without it"),
    "yaml_not_closed": ("en værdi er ikke afsluttet rigtigt", "a value is not closed properly"),
    "yaml_invalid": ("ugyldig YAML ({what})", "invalid YAML ({what})"),
    # --- a standard's file: its shape (loader, from pydantic's errors)
    "line_has_cpr": ("linjen indeholder en værdi, der ligner et CPR-nummer; den vises ikke. Brug pseudonyme data",
                     "the line contains a value that looks like a CPR number; it is not shown. Use pseudonymous data"),
    "file_not_mapping": ("filen skal være en YAML-mapping (nøgle: værdi) øverst",
                         "the file must be a YAML mapping (key: value) at the top level"),
    "joined": ("{a}; {b}", "{a}; {b}"),
    "either": ("{a} eller {b}", "{a} or {b}"),
    "verbatim": ("{text}", "{text}"),
    "field_missing": ("'{where}' mangler: feltet '{field}' er påkrævet", "'{where}' is missing: the field '{field}' is required"),
    "place_in": (" i '{parent}'", " in '{parent}'"),
    "place_top": (" øverst i filen", " at the top of the file"),
    "key_misplaced": ("nøglen '{key}' hører ikke til{place} (den bruges andre steder i en standard)",
                      "the key '{key}' does not belong{place} (it is used elsewhere in a standard)"),
    "key_unknown": ("ukendt nøgle '{key}'{place}{hint}", "unknown key '{key}'{place}{hint}"),
    "key_hint": ("; mente du '{near}'?", "; did you mean '{near}'?"),
    "one_of": ("'{where}' skal være en af {values}, ikke {value}", "'{where}' must be one of {values}, not {value}"),
    "at_field": ("'{where}': {inner}", "'{where}': {inner}"),
    "must_be": ("'{where}' skal være {what}", "'{where}' must be {what}"),
    "be_text": ("en tekst", "text"),
    "be_text_quote": ("en tekst; sæt den i anførselstegn (\"{value}\")", "text; put it in quotes (\"{value}\")"),
    "be_number": ("et tal", "a number"),
    "be_number_unquoted": ("et tal (skrevet uden anførselstegn)", "a number (written without quotes)"),
    "be_finite": ("et endeligt tal, ikke .nan eller .inf", "a finite number, not .nan or .inf"),
    "be_bool": ("true eller false", "true or false"),
    "be_date": ("en dato (ÅÅÅÅ-MM-DD)", "a date (YYYY-MM-DD)"),
    "be_list": ("en liste", "a list"),
    "be_mapping": ("en mapping (nøgle: værdi)", "a mapping (key: value)"),
    "be_at_least": ("mindst {n}", "at least {n}"),
    "be_greater": ("større end {n}", "greater than {n}"),
    "bad_form": ("'{where}' har ugyldig form: {value} (kun små bogstaver, tal og bindestreger; se skemaet)",
                 "'{where}' has an invalid form: {value} (only lowercase letters, digits and hyphens; see the schema)"),
    "too_short": ("'{where}' er for kort eller tom", "'{where}' is too short or empty"),
    "and": ("{a} og {b}", "{a} and {b}"),
    "unit_hours": ("timer", "hours"), "unit_nights": ("døgn", "nights"), "unit_days": ("dage", "days"),
    "unit_km": ("km", "km"), "unit_weeks": ("uger", "weeks"), "unit_months": ("måneder", "months"),
    # --- validate: layout, quotes, consistency
    "path_missing": ("stien findes ikke", "the path does not exist"),
    "stray_yaml": ("filen hedder ikke ÅÅÅÅ-MM-DD.yaml, så den læses ikke som en udgave af standarden; omdøb den efter den "
                   "dato, den gælder fra (fx 2025-07-01.yaml)",
                   "the file is not named YYYY-MM-DD.yaml, so it is not read as a revision of the standard; rename it "
                   "after the date it is in force from (e.g. 2025-07-01.yaml)"),
    "same_valid_from": ("to udgaver har samme gyldighedsdato {date}: også {other}",
                        "two revisions are in force from the same date {date}: {other} as well"),
    "revision_suffix": ("en standard skal hedde <gyldig-fra>.yaml", "a standard must be named <valid-from>.yaml"),
    "municipality_not_folder": ("kommunen '{id}' passer ikke med mappen '{folder}'",
                                "the municipality '{id}' does not match the folder '{folder}'"),
    "service_not_folder": ("ydelsen '{id}' passer ikke med mappen '{folder}'", "the service '{id}' does not match the folder '{folder}'"),
    "valid_from_not_name": ("valid_from {date} passer ikke med filnavnet {name}", "valid_from {date} does not match the file name {name}"),
    "same_as_other_revision": ("same_as {target} skal pege på samme ydelse og dato som filen ({here})",
                               "same_as {target} must point to the same service and date as the file ({here})"),
    "quote_not_found": ("citatet findes ikke ordret i {doc}: »{quote}«", "the quote is not found verbatim in {doc}: “{quote}”"),
    "quote_departs": ("citatet findes ikke ordret i {doc}: det følger dokumentet til »{head}« (linje {line}), men dér står "
                      "»{said}«, ikke »{wrote}«",
                      "the quote is not found verbatim in {doc}: it follows the document up to “{head}” (line {line}), but "
                      "there the document says “{said}”, not “{wrote}”"),
    "source_doc_unusable": ("kildedokumentet {file} {why} i {folder}; citaterne kan ikke kontrolleres",
                            "the source document {file} {why} in {folder}; the quotes cannot be checked"),
    "why_not_utf8": ("kan ikke læses som UTF-8", "cannot be read as UTF-8"),
    "why_missing": ("findes ikke", "does not exist"),
    "why_no_permission": ("kan ikke læses (Permission denied)", "cannot be read (Permission denied)"),
    "why_unreadable": ("kan ikke læses ({error})", "cannot be read ({error})"),
    "quote_other_line": ("citatet står på linje {lines} i {doc}, ikke linje {line}", "the quote is on line {lines} of {doc}, not line {line}"),
    "statute_soft_word": ("reglen '{id}' er markeret statute, men citatet siger »{word}« (et serviceniveau, der kan fraviges); "
                          "tjek grundlaget",
                          "the rule '{id}' is marked statute, but the quote says “{word}” (a service level, which may be "
                          "departed from); check the basis"),
    "limit_twice": ("grænsen '{id}' gælder samme mængde i samme situation som '{other}'",
                    "the limit '{id}' applies to the same quantity in the same situation as '{other}'"),
    "figure_differs": ("{what} har {key}: {value}, men citatet siger {figures} {unit} (»{quote}«); ret tallet eller citatet",
                       "{what} has {key}: {value}, but the quote says {figures} {unit} (“{quote}”); correct the figure or the quote"),
    "the_limit": ("grænsen '{id}'", "the limit '{id}'"),
    "the_information": ("oplysningen om {topic}", "the information on {topic}"),
    "the_level": ("niveauet '{id}'", "the level '{id}'"),
    "bands_overlap": ("båndene '{a}' og '{b}' overlapper ved {point}; angiv levels.boundary (lower/upper) og boundary_reason",
                      "the bands '{a}' and '{b}' overlap at {point}; give levels.boundary (lower/upper) and boundary_reason"),
    "bands_overlap_decided": ("dokumentet lader båndene '{a}' og '{b}' overlappe ved {point}; filen har besluttet: hører til "
                              "'{side}' ({reason})",
                              "the document lets the bands '{a}' and '{b}' overlap at {point}; the file has decided: it "
                              "belongs to '{side}' ({reason})"),
    "bands_gap": ("der er et hul mellem båndene '{a}' og '{b}' ({span})", "there is a gap between the bands '{a}' and '{b}' ({span})"),
    # --- a catalogue file (catalogue.py)
    "catalogue_bad_reference": ("catalogue skal have formen kommune/navn (fx ishoj/ydelseskatalog-2015), ikke '{value}'",
                                "catalogue must have the form municipality/name (e.g. ishoj/ydelseskatalog-2015), not '{value}'"),
    "catalogue_missing": ("catalogue peger på {target}, men filen {path} findes ikke",
                          "catalogue points to {target}, but the file {path} does not exist"),
    "catalogue_key_twice": ("'{key}' står allerede i kataloget {catalogue}; skriv den ét sted",
                            "'{key}' is already given by the catalogue {catalogue}; write it in one place"),
    "catalogue_unknown_use": ("kataloget {catalogue} har intet '{name}' under shared (det har: {known})",
                              "the catalogue {catalogue} has no '{name}' under shared (it has: {known})"),
    # --- describe
    "path_missing_list": ("stien findes ikke: {paths}", "the path does not exist: {paths}"),
    "describe_no_texts": ("ingen standardtekster i {where} (kun henvisninger med same_as eller ingen filer med navnet "
                          "ÅÅÅÅ-MM-DD.yaml)",
                          "no standard texts in {where} (only pointers with same_as, or no files named YYYY-MM-DD.yaml)"),
    "describe_block_unclosed": ("{name}:{line}: en ny blok begynder, før blokken fra linje {start} er sluttet med "
                                "<!-- /standards describe -->",
                                "{name}:{line}: a new block begins before the block from line {start} is closed with "
                                "<!-- /standards describe -->"),
    "describe_block_paths": ("{name}:{line}: stierne i blokken kan ikke læses ({error})",
                             "{name}:{line}: the paths in the block cannot be read ({error})"),
    "describe_block_end_alone": ("{name}:{line}: <!-- /standards describe --> uden en blok, der begynder før den",
                                 "{name}:{line}: <!-- /standards describe --> without a block that begins before it"),
    "describe_block_no_end": ("{name}:{line}: blokken har ingen slutmarkør <!-- /standards describe -->",
                              "{name}:{line}: the block has no end marker <!-- /standards describe -->"),
    "describe_block_failed": ("{name}:{line}: {error} (stierne i blokken regnes fra den aktuelle mappe, {cwd})",
                              "{name}:{line}: {error} (the paths in the block are read from the current folder, {cwd})"),
    "unknown_fact_plain": ("Ukendt faktum '{name}'.", "Unknown fact '{name}'."),
    # --- the server (server/run.py)
    "token_file_unreadable": ("Filen med adgangstegnet {file} kan ikke læses ({error}).", "The token file {file} cannot be read ({error})."),
    "token_file_empty": ("Filen med adgangstegnet {file} er tom.", "The token file {file} is empty."),
    "token_too_short": ("Adgangstegnet skal have mindst 16 tegn.", "The token must have at least 16 characters."),
    "token_needed": ("Serveren ville lytte på {host}, ud over denne maskine: angiv et adgangstegn med --token-file FIL eller "
                     "{env}, så kun den, der har det, kommer ind (eller brug --host 127.0.0.1).",
                     "The server would listen on {host}, beyond this machine: give a token with --token-file FILE or {env}, "
                     "so only those holding it get in (or use --host 127.0.0.1)."),
    "no_municipality_has": ("Ingen kommune har en standard for '{service}'.", "No municipality has a standard for '{service}'."),
    "root_missing": ("Mappen med standarder {root} findes ikke.", "The standards directory {root} does not exist."),
    "root_not_folder": ("Mappen med standarder {root} er ikke en mappe.", "The standards directory {root} is not a folder."),
    "unknown_municipality": ("Ukendt kommune '{municipality}' i {root}. Kendte dér: {known}.",
                             "Unknown municipality '{municipality}' in {root}. Known there: {known}."),
    "unknown_service_here": ("Kommunen '{municipality}' har ingen standard for ydelsen '{service}'. Den har: {known} (ydelses-id'er: {all}).",
                             "Municipality '{municipality}' has no standard for service '{service}'. It has: {known} (service ids: {all})."),
    "same_as_unreadable": ("same_as peger på {target}, som ikke kan læses: {error}",
                           "same_as points to {target}, which cannot be read: {error}"),
    "same_as_missing": ("same_as peger på {target}, som ikke findes", "same_as points to {target}, which does not exist"),
    "same_as_chain": ("same_as skal pege på en fil med selve teksten, men {target} er selv en henvisning (same_as)",
                      "same_as must point to a file with the text itself, but {target} is itself a pointer (same_as)"),
    "same_as_not_shared": ("{target} nævner ikke '{municipality}' i shared_with", "{target} does not name '{municipality}' in shared_with"),
    "source_not_plain": ("kildedokumentet skal angives med et rent filnavn i _sources/ (ingen mapper, ingen .. eller /), "
                         "ikke '{name}'",
                         "the source document must be given as a plain file name in _sources/ (no folders, no .. or /), "
                         "not '{name}'"),
    "not_regular_named": ("{what} er ikke en almindelig fil ({kind}) og læses ikke", "{what} is not a regular file ({kind}) and is not read"),
    "file_unreadable": ("filen kan ikke læses: {error}", "the file cannot be read: {error}"),
    "folder_unreadable_named": ("Mappen {folder} kan ikke læses: {error}.", "The folder {folder} cannot be read: {error}."),
    "folder_unreadable": ("mappen kan ikke læses: {error}", "the folder cannot be read: {error}"),
    "not_regular_file": ("springes over: {path} er ikke en almindelig fil ({kind})",
                         "skipped: {path} is not a regular file ({kind})"),
    # --- source documents (validate)
    "source_changed": ("kildedokumentet {file} er ikke det, standarden er skrevet efter: dets sha256 er {got}…, standarden "
                       "angiver {pinned}…; er dokumentet udskiftet, så gennemgå citaterne og ret sha256",
                       "the source document {file} is not the one the standard was written from: its sha256 is {got}…, "
                       "the standard gives {pinned}…; if the document was replaced, review the quotes and correct sha256"),
    # --- validate --fix (quote_lines)
    "line_fixed": ("line: {line} ({was})", "line: {line} ({was})"),
    "line_was_missing": ("manglede", "was missing"),
    "line_was": ("var {old}", "was {old}"),
    "line_not_found": ("line: ikke udfyldt: citatet findes ikke ordret i kildedokumentet (se fejlen)",
                       "line: not filled in: the quote is not found verbatim in the source document (see the error)"),
    "line_several": ("line: ikke udfyldt: citatet står flere steder (linje {lines}); skriv selv den linje, der menes",
                     "line: not filled in: the quote occurs in several places (lines {lines}); write the line that is "
                     "meant yourself"),
    "lines_layout": ("linjenumrene er ikke skrevet: filens opsætning kan ikke bevares ved omskrivning; skriv dem selv: {lines}",
                     "the line numbers were not written: the file's layout cannot be kept when rewriting it; write them "
                     "yourself: {lines}"),
    "lines_unwritable": ("filen kan ikke skrives ({error}); intet er ændret", "the file cannot be written ({error}); nothing was changed"),
    # --- translations beside a standard (translations.py)
    "translation_twice": ("den engelske tekst står både i standarden ({key}) og her; behold den ét sted",
                          "the English is given both in the standard ({key}) and here; keep it in one place"),
    "translation_unknown": ("{what} '{name}' findes ikke i {revision}{hint}", "{what} '{name}' does not exist in {revision}{hint}"),
    "tr_rule": ("reglen", "the rule"),
    "tr_referral": ("henvisningen i '{id}' til", "the referral in '{id}' to"),
    "tr_information": ("oplysningen", "the information"),
    "tr_band": ("båndet", "the band"),
    "tr_transition": ("overgangsreglen", "the transition"),
    "translation_assumptions": ("'assumptions' har {m} punkter, men standarden har {n}; de skal svare én for én",
                                "'assumptions' has {m} items, but the standard has {n}; they must match one for one"),
    "translation_missing": ("{what} har ingen engelsk tekst i {file}; med --lang en vises den danske",
                            "{what} has no English in {file}; with --lang en the Danish is shown"),
    "tm_rule": ("reglen '{id}'", "the rule '{id}'"),
    "tm_note": ("bemærkningen til '{id}'", "the note on '{id}'"),
    "tm_referral": ("henvisningen i '{id}' til {service}", "the referral in '{id}' to {service}"),
    "tm_information": ("oplysningen '{key}'", "the information '{key}'"),
    "tm_information_note": ("bemærkningen til oplysningen '{key}'", "the note on the information '{key}'"),
    "tm_band": ("båndet '{id}'", "the band '{id}'"),
    "tm_title": ("ydelsens titel", "the service's title"),
    "tm_legal_basis": ("lovgrundlaget", "the legal basis"),
    "tm_assumptions": ("antagelserne", "the assumptions"),
    "tm_transition": ("overgangsreglen", "the transition"),
    "translation_without_revision": ("oversættelsen {name} hører til {revision}, som ikke findes her; omdøb den efter "
                                     "udgavens dato", "the translation {name} belongs to {revision}, which is not here; "
                                     "rename it after the revision's date"),
    "kind_folder": ("en mappe", "a folder"),
    "kind_fifo": ("en FIFO (navngivet rør)", "a FIFO (named pipe)"),
    "kind_device": ("en enhed", "a device"),
    "kind_other": ("ikke en almindelig fil", "not a regular file"),
    # --- conditions (conditions.Condition)
    "condition_one_form": ("en betingelse skal have præcis én af: all, any, not, eller fact med én operator",
                           "a condition must have exactly one of: all, any, not, or fact with one operator"),
    "condition_fact_and_form": ("en betingelse med 'fact' kan ikke også have all/any/not",
                                "a condition with 'fact' cannot also have all/any/not"),
    "condition_one_operator": ("betingelsen på '{name}' skal have præcis én operator ({operators})",
                               "the condition on '{name}' must have exactly one operator ({operators})"),
    "condition_unknown_fact": ("ukendt faktum '{name}' i betingelsen{hint} (`standards facts` viser ordforrådet)",
                               "unknown fact '{name}' in the condition{hint} (`standards facts` lists the vocabulary)"),
    "condition_plain_unknown": ("'{name}' er ikke et ja/nej-faktum i ordforrådet{hint} (et navn alene betyder "
                                "'{name}: ja'; `standards facts` viser ordforrådet)",
                                "'{name}' is not a yes/no fact in the vocabulary{hint} (a name alone means "
                                "'{name}: yes'; `standards facts` lists the vocabulary)"),
    "condition_plain_not_yes_no": ("'{name}' er af typen {type}, ikke ja/nej, så det kan ikke stå alene som betingelse; "
                                   "skriv {{fact: {name}, …}} med en operator{hint}",
                                   "'{name}' is of type {type}, not yes/no, so it cannot stand alone as a condition; "
                                   "write {{fact: {name}, …}} with an operator{hint}"),
    "condition_did_you_mean": ("; mente du '{near}'?", "; did you mean '{near}'?"),
    "operator_needs_type": ("'{op}' kræver {needs}, men '{name}' er af typen {type}",
                            "'{op}' needs {needs}, but '{name}' is of type {type}"),
    "needs_ordered": ("et tal eller en dato", "a number or a date"),
    "needs_list": ("et listefaktum", "a list fact"),
    "list_needs_contains": ("'{name}' er en liste; brug 'contains' eller 'contains_any'",
                            "'{name}' is a list; use 'contains' or 'contains_any'"),
    "operand_not_finite": ("'{name}' sammenlignes med {value}, som ikke er et tal; skriv et endeligt tal",
                           "'{name}' is compared with {value}, which is not a number; write a finite number"),
    "operand_not_bool": ("'{name}' er ja/nej; sammenlign med true eller false, ikke {value}",
                         "'{name}' is yes/no; compare it with true or false, not {value}"),
    "operand_not_number": ("'{name}' er et tal; {value} er ikke et tal", "'{name}' is a number; {value} is not a number"),
    "operand_not_date": ("'{name}' er en dato; {value} er ikke en dato", "'{name}' is a date; {value} is not a date"),
    "operand_not_value": ("{value} er ikke en gyldig værdi for '{name}' (gyldige: {values})",
                          "{value} is not a valid value for '{name}' (valid: {values})"),
    "operand_not_text": ("'{name}' er en tekst; {value} er ikke en tekst", "'{name}' is text; {value} is not text"),
    # --- standards (schema)
    "unknown_service": ("ukendt ydelse '{service}' (kendte: {known})", "unknown service '{service}' (known: {known})"),
    "not_list_fact": ("'{name}' er ikke et listefaktum i ordforrådet", "'{name}' is not a list fact in the vocabulary"),
    "bad_list_values": ("ugyldige værdier for '{name}': {values}", "invalid values for '{name}': {values}"),
    "exclusion_one_form": ("en undtagelse skal have præcis én af 'applies_if' (hele ansøgningen) og 'excluded_content' (en del af indholdet)",
                           "an exclusion must have exactly one of 'applies_if' (the whole request) and 'excluded_content' (part of the content)"),
    "not_a_quantity": ("'{name}' er ikke en mængde i ordforrådet (et talfaktum som requested_days_per_week)",
                       "'{name}' is not a quantity in the vocabulary (a number fact such as requested_days_per_week)"),
    "duplicate_rule_id": ("regel-id '{id}' bruges mere end én gang", "the rule id '{id}' is used more than once"),
    "translation_length": ("{key} skal have lige så mange punkter som {of} ({n}), ikke {m}",
                           "{key} must have as many items as {of} ({n}), not {m}"),
    # --- the law layer (law_schema, validate)
    "unknown_act": ("ukendt lov '{act}' (kendte: {known})", "unknown act '{act}' (known: {known})"),
    "unknown_paragraph": ("{act} § {paragraph} står ikke i tabellen over kendte paragraffer (law/acts.yaml)",
                          "{act} § {paragraph} is not in the table of known paragraphs (law/acts.yaml)"),
    "law_rule_services": ("reglen '{id}' nævner ydelser, filen ikke gælder for: {services}",
                          "the rule '{id}' names services the file does not apply to: {services}"),
    "none_known": ("ingen", "none"),
    "unknown_fact_name": ("ukendt faktum '{name}'", "unknown fact '{name}'"),
    "restates_unknown": ("'{id}' gengiver lovreglen '{law}', men lovlaget har ingen {kind} med det id for {service} den {date} (kendte: {known})",
                         "'{id}' restates the law rule '{law}', but the law layer has no {kind} with that id for {service} on {date} (known: {known})"),
    "statute_unlinked": ("'{id}' er et lovkrav, men peger ikke på en lovregel; tilføj 'restates: <id>' med en af lovlagets regler for {service} ({known}), eller gør den til serviceniveau, hvis loven ikke siger det",
                         "'{id}' is a statute rule but points at no law rule; add 'restates: <id>' naming one of the law layer's rules for {service} ({known}), or make it a service level if the law does not say it"),
    "statute_auto_linked": ("'{id}' gentager lovreglen '{law}' ord for ord; skriv 'restates: {law}', så citatet forbliver knyttet til loven",
                            "'{id}' repeats the law rule '{law}' word for word; write 'restates: {law}' so the quote stays linked to the law"),
    "restates_differs": ("'{id}' gengiver '{law}', men dens betingelse afviger fra lovens; lovens betingelse gælder",
                         "'{id}' restates '{law}', but its condition differs from the law's; the law's condition applies"),
    # --- YAML (yamlio)
    "too_big": ("filen er større end {n} bytes og læses ikke", "the file is larger than {n} bytes and is not read"),
    "not_utf8": ("filen er ikke gyldig UTF-8 (gem den som UTF-8)", "the file is not valid UTF-8 (save it as UTF-8)"),
    "tab": ("tabulator-tegn er ikke tilladt i YAML her; brug mellemrum", "tab characters are not allowed in YAML here; use spaces"),
    "anchor": ("YAML-ankre og -aliaser (&navn / *navn) er ikke tilladt; skriv værdien ud",
               "YAML anchors and aliases (&name / *name) are not allowed; write the value out"),
    "bad_date": ("{v} er ikke en gyldig dato (ÅÅÅÅ-MM-DD)", "{v} is not a valid date (YYYY-MM-DD)"),
    "dup_key": ('nøglen "{k}" står to gange i samme afsnit', 'the key "{k}" appears twice in the same section'),
    "unreadable_value": ("en værdi kan ikke læses (fx et tal med for mange cifre)", "a value cannot be read (e.g. a number with too many digits)"),
    "directive": ("YAML-direktiver (%YAML, %TAG) er ikke tilladt: de ændrer, hvordan værdier læses (017 bliver 15)",
                  "YAML directives (%YAML, %TAG) are not allowed: they change how values are read (017 becomes 15)"),
    "control_char": ("filen indeholder tegnet {cp}, et styretegn, der ikke er tilladt i YAML; slet det",
                     "the file contains the character {cp}, a control character YAML does not allow; delete it"),
    "yaml_tag": ("YAML-mærket {tag}{where} er ikke tilladt: det laver en værdi (fx bytes), som ingen standard eller profil "
                 "bruger; skriv værdien uden mærke",
                 "the YAML tag {tag}{where} is not allowed: it makes a value (e.g. bytes) no standard or profile uses; "
                 "write the value without a tag"),
    "surrogate": ("en tekst{where} indeholder et halvt tegn (en \\u-escape mellem \\ud800 og \\udfff, et 'surrogat'), "
                  "som ikke kan vises eller gemmes; skriv tegnet selv",
                  "a text{where} holds half a character (a \\u escape between \\ud800 and \\udfff, a 'surrogate'), "
                  "which cannot be shown or saved; write the character itself"),
    "unsafe_char": ("en tekst{where} indeholder styre- eller retningstegnet {cp}, som kan skjule "
                    "eller vende det, en læser ser; slet det",
                    "a text{where} holds the control or direction character {cp}, which can hide "
                    "or reverse what a reader sees; delete it"),
    "at_key": (" ved '{key}'", " at '{key}'"),
    "too_deep": ("værdierne er indlejret mere end {n} niveauer dybt; så dybt går ingen standard eller profil",
                 "the values are nested more than {n} levels deep; no standard or profile goes that deep"),
    # --- caseloads (caseload, impact)
    "caseload_stdin_closed": ("Sagsmængden skal læses fra standard input, men den er lukket.",
                              "The caseload is to be read from standard input, but it is closed."),
    "caseload_missing": ("Sagsmængden {name} findes ikke.", "The caseload {name} does not exist."),
    "caseload_unreadable": ("Sagsmængden {name} kan ikke læses ({error}).", "The caseload {name} cannot be read ({error})."),
    "line_too_long": ("linjen er længere end {n} bytes", "the line is longer than {n} bytes"),
    "line_not_utf8": ("linjen er ikke UTF-8", "the line is not UTF-8"),
    "line_duplicate_fact": ("faktummet '{name}' er angivet to gange", "the fact '{name}' is given twice"),
    "line_bad_json": ("ugyldig JSON i kolonne {column}{detail}", "invalid JSON at column {column}{detail}"),
    "line_bad_json_value": ("ugyldig JSON (NaN, Infinity eller for dybt indlejret)", "invalid JSON (NaN, Infinity or nested too deep)"),
    "line_too_deep": ("for dybt indlejret", "nested too deep"),
    "csv_header_unreadable": ("Sagsmængdens overskriftslinje kan ikke læses ({error}).", "The caseload's header cannot be read ({error})."),
    "csv_semicolons": ("CSV-filens overskrift er adskilt med ';': adskil kolonnerne med komma (værdierne i en liste adskilles med ';' inde i cellen).",
                       "The CSV header is separated by ';': separate the columns by commas (list values within a cell are separated by ';')."),
    "csv_not_a_fact": ("Kolonne {column} i CSV-filens overskrift er ikke et faktum: '{name}'.{hint} Se `standards facts`.",
                       "Column {column} of the CSV header is not a fact: '{name}'.{hint} See `standards facts`."),
    "csv_derived": (" Den beregnes af {sources}.", " It is computed from {sources}."),
    "csv_duplicate_column": ("CSV-filens overskrift nævner '{name}' to gange.", "The CSV header names '{name}' twice."),
    "csv_row_unreadable": ("rækken kan ikke læses ({error})", "the row cannot be read ({error})"),
    "csv_row_width": ("rækken har {cells} celler, overskriften {width}", "the row has {cells} cells, the header {width}"),
    "cases_none": ("{municipality}/{service} har ingen eksempelsager (ingen mappe {folder}).",
                   "{municipality}/{service} has no example cases (no folder {folder})."),
    "case_file_problem": ("{problem}", "{problem}"),
    "impact_not_a_side": ("'{value}' er hverken en dato (ÅÅÅÅ-MM-DD) eller en udgave (fil).",
                          "'{value}' is neither a date (YYYY-MM-DD) nor a revision file."),
    "impact_not_a_date": ("'{value}' er ikke en dato.", "'{value}' is not a date."),
    "impact_other_standard": ("{value} er en udgave af {got}, ikke {want}.", "{value} is a revision of {got}, not {want}."),
}


def say(code: str, lang: str = "da", **params: Any) -> str:
    """The sentence for `code` in `lang` (Danish unless "en"), its parameters said in the same language."""
    da, en = CATALOGUE[code]
    said = {k: v.say(lang) if hasattr(v, "say") else v for k, v in params.items()}
    return (en if lang == "en" else da).format(**said)


def quoted(value: Any) -> Any:
    """A value as a message may show it: a CPR-like value becomes a note that it is not shown."""
    from .cpr import looks_like_cpr
    from .errors import msg
    if looks_like_cpr(value):
        return msg("cpr_hidden")
    if isinstance(value, str) and not value.isprintable():
        # a control, direction or zero-width character (or half a surrogate pair) is shown as its escape, so a
        # name from a file cannot recolour, hide or reverse what the reader sees
        return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"
                       if ord(c) < 0x10000 else f"\\U{ord(c):08x}" for c in value)
    return value
