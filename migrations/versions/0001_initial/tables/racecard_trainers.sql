-- pgbackfill.racecard_trainers: the trainers each fetched racecard date
-- mentions and the location it gave (null when it gave none). Kept, so a
-- reset and rerun, or a --test run followed by a full one, refills from
-- what was already fetched without asking the API again.
create table if not exists pgbackfill.racecard_trainers (
    racecard_date date not null
        references pgbackfill.racecard_fetches (racecard_date) on delete cascade,
    trainer_id varchar not null,
    location varchar,
    primary key (trainer_id, racecard_date)
);
