-- pgbackfill.fold_place_name: a place or county name as the gazetteer
-- compares it: lower case, accents dropped (upper-case accented letters too:
-- lower() leaves them alone under the C locale), apostrophes and full stops
-- dropped ("D'fries" → "dfries", "St." → "st"), "&" read as "and", every
-- other run of punctuation or blanks (hyphens, commas) one space, "st" read
-- as "saint", a leading "the" dropped ("The Curragh" → "curragh"). NULL
-- when nothing is left. The one definition: the gazetteer's names, the
-- county aliases and every lookup of pgbackfill.trainer_base fold through it.
-- No `set search_path`: a SET clause stops PostgreSQL from inlining the
-- function; the body calls only pg_catalog's functions.
create or replace function pgbackfill.fold_place_name(name text)
returns text
language sql
immutable
parallel safe
security invoker
as $$
    select nullif(
               pg_catalog.regexp_replace(
                   pg_catalog.regexp_replace(
                       pg_catalog.btrim(
                           pg_catalog.regexp_replace(
                               pg_catalog.replace(
                                   pg_catalog.translate(
                                       pg_catalog.lower(fold_place_name.name),
                                       'áàâäãåāçéèêëēíìîïīñóòôöõøōúùûüūýÿŵŷ'
                                       || 'ÁÀÂÄÃÅĀÇÉÈÊËĒÍÌÎÏĪÑÓÒÔÖÕØŌÚÙÛÜŪÝŸŴŶ''’‘`.',
                                       'aaaaaaaceeeeeiiiiinooooooouuuuuyywyaaaaaaaceeeeeiiiiinooooooouuuuuyywy'),
                                   '&', ' and '),
                               '[^a-z0-9]+', ' ', 'g')),
                       '\mst\M', 'saint', 'g'),
                   '^the ', ''),
               '')
$$;
