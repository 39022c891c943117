-- pgbackfill.synthetic_words: the vocabularies synthetic names are made of
-- (horse names, people, sponsors, training centres; the courses are
-- pgbackfill.synthetic_courses). One list per name; the generator indexes
-- them with random draws.
create or replace function pgbackfill.synthetic_words(list text)
returns text[]
language sql
immutable
parallel safe
security invoker
set search_path = pg_catalog
as $$
    select case list
        when 'horse_first' then array[
            'Storm', 'Golden', 'Silver', 'Midnight', 'Royal', 'Dancing', 'Wild', 'Brave', 'Lucky',
            'Desert', 'Ocean', 'Highland', 'Noble', 'Secret', 'Crimson', 'Shadow', 'Thunder',
            'Velvet', 'Winter', 'Summer', 'Misty', 'Rapid', 'Silent', 'Copper', 'Emerald', 'Iron',
            'Northern', 'Southern', 'Western', 'Eastern', 'Little', 'Grand', 'Mighty', 'Scarlet',
            'Blue', 'Black', 'White', 'Celtic', 'Gallant', 'Proud', 'Sweet', 'Star', 'Moon',
            'Sun', 'River', 'Mountain', 'Glen', 'Lord', 'Lady', 'Captain', 'King', 'Queen',
            'Prince', 'Princess', 'Major', 'Sir', 'Saint', 'Magic', 'Mystic', 'Cosmic']
        when 'horse_second' then array[
            'Chaser', 'Dancer', 'Runner', 'Legend', 'Spirit', 'Warrior', 'Dream', 'Flyer',
            'Arrow', 'Breeze', 'Charm', 'Echo', 'Falcon', 'Glory', 'Harbour', 'Island', 'Jewel',
            'Knight', 'Light', 'Melody', 'Night', 'Oracle', 'Pearl', 'Quest', 'Rebel', 'Rose',
            'Sky', 'Tide', 'Valley', 'Wind', 'Voyage', 'Whisper', 'Crown', 'Empire', 'Fortune',
            'Gold', 'Heart', 'Hero', 'Journey', 'Kingdom', 'Lad', 'Lass', 'Mist', 'Moor',
            'Nova', 'Path', 'Power', 'Rain', 'Raider', 'Ruler', 'Secret', 'Shine', 'Song',
            'Story', 'Tiger', 'Venture', 'Wonder', 'Force', 'Command', 'Approach']
        when 'famous_sire' then array[
            'Galileo', 'Dubawi', 'Frankel', 'Sea The Stars', 'Kingman', 'Dark Angel', 'Kodiac',
            'Night Of Thunder', 'Lope De Vega', 'No Nay Never', 'Siyouni', 'Invincible Spirit',
            'Acclamation', 'Showcasing', 'Mehmas', 'Starspangledbanner', 'Camelot', 'Australia',
            'Nathaniel', 'Golden Horn', 'Sea The Moon', 'Zoffany', 'Le Havre', 'Oasis Dream',
            'Dansili', 'Shamardal', 'Lawman', 'Iffraaj', 'Exceed And Excel', 'Fastnet Rock',
            'Milan', 'Yeats', 'Presenting', 'Flemensfirth', 'Kayf Tara', 'Mahler', 'Getaway',
            'Walk In The Park', 'Jeremy', 'Doyen', 'Stowaway', 'Westerner', 'Beneficial',
            'Oscar', 'Shantou', 'King''s Theatre', 'Martaline', 'Network', 'Saint Des Saints',
            'Poliglote']
        when 'first_name' then array[
            'John', 'James', 'David', 'Michael', 'Paul', 'Richard', 'William', 'Thomas', 'Peter',
            'Mark', 'Andrew', 'Daniel', 'Sean', 'Patrick', 'Brian', 'Kevin', 'Tom', 'Harry',
            'Oisin', 'Rachael', 'Hollie', 'Sarah', 'Emma', 'Jessica', 'Lucy', 'Kate', 'Nicky',
            'Gordon', 'Aidan', 'Joseph', 'Willie', 'Gavin', 'Henry', 'Charlie', 'Oliver', 'Jack',
            'Hayley', 'Jane', 'Sophie', 'Alan', 'Dermot', 'Noel', 'Ger', 'Philip', 'Robert',
            'Stuart', 'Jamie', 'Ben', 'Luke', 'Ryan', 'Callum', 'Rossa', 'Saffie', 'Megan',
            'Archie', 'Hector', 'Ralph', 'Venetia', 'Fergal', 'Declan']
        when 'surname' then array[
            'Murphy', 'Kelly', 'Walsh', 'O''Brien', 'Byrne', 'Ryan', 'Smith', 'Jones', 'Williams',
            'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Johnson', 'Roberts',
            'Robinson', 'Thompson', 'Wright', 'Walker', 'White', 'Edwards', 'Hughes', 'Green',
            'Hall', 'Lewis', 'Harris', 'Clarke', 'Patel', 'Jackson', 'Wood', 'Turner', 'Martin',
            'Cooper', 'Hill', 'Ward', 'Morris', 'Moore', 'Clark', 'Lee', 'King', 'Baker',
            'Harrison', 'Morgan', 'Allen', 'James', 'Scott', 'Phillips', 'Watson', 'Davis',
            'Parker', 'Price', 'Bennett', 'Young', 'Griffiths', 'Mitchell', 'Kennedy', 'Doyle',
            'Quinlan', 'Elliott', 'Mullins', 'Henderson', 'Nicholls', 'Skelton', 'Haggas',
            'Appleby', 'Gosden', 'Johnston', 'Fahey', 'Dascombe', 'Balding', 'Varian', 'Crisford',
            'Channon', 'Hannon', 'Tregoning', 'Stoute', 'Cecil', 'Fanshawe', 'Beckett', 'Dunlop',
            'Weld', 'Bolger', 'Harrington', 'Meade', 'de Bromhead', 'Cromwell', 'Russell',
            'Tizzard', 'Pauling', 'Twiston-Davies', 'Hobbs', 'Brennan', 'McCain', 'Lavelle',
            'Easterby', 'Dods', 'Bethell', 'Guest', 'Moffatt', 'Scudamore', 'Fry', 'Greatrex']
        when 'owner_company' then array[
            'Godolphin', 'Coolmore', 'Juddmonte', 'Shadwell', 'Gigginstown House Stud',
            'J P McManus', 'Cheveley Park Stud', 'Qatar Racing', 'King Power Racing',
            'Highclere Thoroughbred Racing', 'Hambleton Racing', 'Middleham Park Racing',
            'Kennet Valley Thoroughbreds', 'Rich Ricci', 'Simon Munir & Isaac Souede',
            'The Queen', 'Wathnan Racing', 'Amo Racing', 'Opulence Thoroughbreds', 'Ballylinch Stud']
        when 'sponsor' then array[
            'Sky Bet', 'Betfair', 'William Hill', 'Coral', 'Ladbrokes', 'Paddy Power', 'Bet365',
            'Racing TV', 'Sky Sports Racing', 'British Stallion Studs EBF', 'Irish Stallion Farms EBF',
            'Tote', 'BetVictor', 'Unibet', 'Boylesports', 'Virgin Bet', 'Pertemps', 'Jockey Club',
            'Weatherbys', 'Follow At The Races']
        when 'gb_location' then array[
            'Newmarket, Suffolk', 'Newmarket, Suffolk', 'Newmarket, Suffolk', 'Newmarket, Suffolk',
            'Lambourn, Berks', 'Lambourn, Berks', 'Malton, N Yorks', 'Malton, N Yorks',
            'Middleham Moor, N Yorks', 'Middleham, N Yorks', 'Epsom, Surrey', 'Kingsclere, Hants',
            'West Ilsley, Berks', 'East Ilsley, Berks', 'Upper Lambourn, Berks', 'Ditcheat, Somerset',
            'Cheltenham, Glos', 'Naunton, Glos', 'Stow-on-the-Wold, Glos', 'Cholmondeley, Cheshire',
            'Thirsk, N Yorks', 'Hambleton, N Yorks', 'Sheriff Hutton, N Yorks', 'Musselburgh, E Lothian',
            'Kinneston, Perth & Kinross', 'Carrutherstown, D''fries & G''way', 'Hednesford, Staffs',
            'Willoughton, Lincs', 'Newton Abbot, Devon', 'Limpley Stoke, Wilts', 'Marlborough, Wilts',
            'Blewbury, Oxon', 'Findon, W Sussex', 'Pulborough, W Sussex', 'Great Habton, N Yorks',
            'Rhiwlas, Gwynedd', 'Abergavenny, Monmouths', 'Hatherden, Hants', 'Penrith, Cumbria',
            'Arundel, W Sussex']
        when 'ire_location' then array[
            'Ballydoyle, Co Tipperary', 'Curragh, Co Kildare', 'Curragh, Co Kildare',
            'Closutton, Co Carlow', 'Cullentra, Co Meath', 'Knockeen, Co Waterford',
            'Moone, Co Kildare', 'Rosewell House, Co Kildare', 'Navan, Co Meath',
            'Kilcullen, Co Kildare', 'Fethard, Co Tipperary', 'Cashel, Co Tipperary',
            'Coolcullen, Co Carlow', 'Trim, Co Meath', 'Naas, Co Kildare', 'Leopardstown, Co Dublin',
            'Mallow, Co Cork', 'Clonmel, Co Tipperary', 'Bansha, Co Tipperary', 'Kilkenny, Co Kilkenny']
    end
$$;
