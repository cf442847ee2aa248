#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "seed.h"
#include "stmt.h"

/*
 * Name forms that match: kanji, katakana and passport romaji of common
 * family names and of given names (female, then male).
 */
#define SEED_FAMILY                                                                                    \
	"ARRAY['佐藤','鈴木','高橋','田中','伊藤','渡辺','山本','中村','小林'"       \
	","                                                                                            \
	"'加藤','吉田','山田','佐々木','山口','松本','井上','木村','林','"           \
	"斎藤',"                                                                                     \
	"'清水','山崎','森','池田','橋本','阿部','石川','前田','藤田','後藤',"      \
	"'岡田','長谷川','村上','近藤','坂本','遠藤','青木','西村','福田',"         \
	"'太田','三浦','比嘉','金城'], "                                                       \
	"ARRAY['サトウ','スズキ','タカハシ','タナカ','イトウ','ワタナベ',"         \
	"'ヤマモト','ナカムラ','コバヤシ','カトウ','ヨシダ','ヤマダ','ササキ'" \
	","                                                                                            \
	"'ヤマグチ','マツモト','イノウエ','キムラ','ハヤシ','サイトウ',"         \
	"'シミズ','ヤマザキ','モリ','イケダ','ハシモト','アベ','イシカワ',"      \
	"'マエダ','フジタ','ゴトウ','オカダ','ハセガワ','ムラカミ','コンドウ'" \
	","                                                                                            \
	"'サカモト','エンドウ','アオキ','ニシムラ','フクダ','オオタ','ミウラ'" \
	","                                                                                            \
	"'ヒガ','キンジョウ'], "                                                                \
	"ARRAY['SATO','SUZUKI','TAKAHASHI','TANAKA','ITO','WATANABE',"                                 \
	"'YAMAMOTO','NAKAMURA','KOBAYASHI','KATO','YOSHIDA','YAMADA','SASAKI'"                         \
	","                                                                                            \
	"'YAMAGUCHI','MATSUMOTO','INOUE','KIMURA','HAYASHI','SAITO','SHIMIZU'"                         \
	","                                                                                            \
	"'YAMAZAKI','MORI','IKEDA','HASHIMOTO','ABE','ISHIKAWA','MAEDA',"                              \
	"'FUJITA','GOTO','OKADA','HASEGAWA','MURAKAMI','KONDO','SAKAMOTO',"                            \
	"'ENDO','AOKI','NISHIMURA','FUKUDA','OTA','MIURA','HIGA','KINJO']"
#define SEED_GIVEN                                                                                   \
	"ARRAY['花子','陽菜','結衣','美咲','さくら','葵','彩','真由美','恵子'"     \
	","                                                                                          \
	"'裕子','直美','愛','明美','千尋','舞','香織','由美','奈々','太郎',"       \
	"'翔太','大輔','健太','拓也','誠','浩','直樹','和也','隆','蓮','悠真'"     \
	","                                                                                          \
	"'大翔','一郎','健一','修','達也','亮','聡','剛'], "                             \
	"ARRAY['ハナコ','ヒナ','ユイ','ミサキ','サクラ','アオイ','アヤ',"          \
	"'マユミ','ケイコ','ユウコ','ナオミ','アイ','アケミ','チヒロ','マイ'," \
	"'カオリ','ユミ','ナナ','タロウ','ショウタ','ダイスケ','ケンタ',"       \
	"'タクヤ','マコト','ヒロシ','ナオキ','カズヤ','タカシ','レン','"         \
	"ユウマ',"                                                                                \
	"'ヒロト','イチロウ','ケンイチ','オサム','タツヤ','リョウ','サトシ'," \
	"'ツヨシ'], "                                                                             \
	"ARRAY['HANAKO','HINA','YUI','MISAKI','SAKURA','AOI','AYA','MAYUMI',"                        \
	"'KEIKO','YUKO','NAOMI','AI','AKEMI','CHIHIRO','MAI','KAORI','YUMI',"                        \
	"'NANA','TARO','SHOTA','DAISUKE','KENTA','TAKUYA','MAKOTO','HIROSHI',"                       \
	"'NAOKI','KAZUYA','TAKASHI','REN','YUMA','HIROTO','ICHIRO','KENICHI',"                       \
	"'OSAMU','TATSUYA','RYO','SATOSHI','TSUYOSHI']"
#define SEED_NFEMALE "18" /* the first 18 given names are female */
#define SEED_NGIVEN  "38"

/*
 * One statement: random numbers per row (materialised, so each row has
 * its own), the applications, then the changes of status after the
 * submission (the history's first event is the application itself).
 * created_at is spread over the last 30 weeks; older applications are
 * further along the state machine.  x, drawn from the applications' own
 * sequence so that no run, concurrent or after a deletion, draws one
 * twice, makes the reference (a bijection of x modulo 2^32) and the token
 * hashes unique.  A reference may still meet one made otherwise (a
 * submission's is random): that row is left out and counted as missing.
 */
static const char seed_sql[] =
    "WITH names (fk, fka, fr, gk, gka, gr) AS (SELECT " SEED_FAMILY
    ", " SEED_GIVEN "), "
    "src AS MATERIALIZED (SELECT nextval(pg_get_serial_sequence("
    "'applications', 'id')) AS x, random() AS r1, random() AS r2, "
    "random() AS r3, random() AS r4, random() AS r5, random() AS r6, "
    "random() AS r7, random() AS r8, random() AS r9 "
    "FROM generate_series(1, $1::int) g), "
    "n AS (SELECT s.*, now() - s.r1 * interval '210 days' AS at, "
    "1 + floor(s.r2 * 42)::int AS fi, CASE WHEN s.r3 < 0.49 THEN "
    "'female' WHEN s.r3 < 0.97 THEN 'male' WHEN s.r3 < 0.985 THEN 'other' "
    "END AS gender, CASE WHEN s.r3 < 0.49 THEN 1 + floor(s.r4 * " SEED_NFEMALE
    ")::int WHEN s.r3 < 0.97 THEN " SEED_NFEMALE
    " + 1 + floor(s.r4 * (" SEED_NGIVEN " - " SEED_NFEMALE
    "))::int ELSE 1 + floor(s.r4 * " SEED_NGIVEN ")::int END AS gi, "
    "CASE WHEN s.r5 < 0.12 THEN (ARRAY['CAO','MOFA','MOD','NPA','MOJ',"
    "'MHLW','MLIT','MIC','MOF','MEXT','MAFF','METI','MOE','JCG','FDMA'])"
    "[1 + floor(s.r6 * 15)::int] END AS ministry, "
    "CASE WHEN s.r7 < 0.22 THEN 13 WHEN s.r7 < 0.30 THEN 27 WHEN s.r7 < "
    "0.36 THEN 14 WHEN s.r7 < 0.40 THEN 23 ELSE 1 + floor(s.r6 * 47)::int "
    "END AS pref FROM src s), "
    "f AS (SELECT n.*, nm.fk, nm.fka, nm.fr, nm.gk, nm.gka, nm.gr, "
    "CASE WHEN n.at > now() - interval '10 days' THEN CASE WHEN n.r8 < "
    "0.9 THEN 'submitted' ELSE 'withdrawn' END WHEN n.r8 < 0.2 THEN "
    "'submitted' WHEN n.r8 < 0.5 THEN 'screening' WHEN n.r8 < 0.65 THEN "
    "'accepted' WHEN n.r8 < 0.9 THEN 'rejected' ELSE 'withdrawn' END AS "
    "status, 'PC-' || to_char(n.at AT TIME ZONE " SQL_TZ ", 'YYYY') || "
    "'-' || upper(lpad(to_hex((n.x * 2654435761) % 4294967296), 8, '0')) "
    "AS ref, lower(nm.gr[n.gi] || '.' || nm.fr[n.fi] || '.' || n.x) || "
    "'@' || (ARRAY['example.jp','example.com','example.ne.jp',"
    "'example.org'])[1 + n.x % 4] AS mail FROM n, names nm), "
    "ins AS (INSERT INTO applications (reference, form_token_hash, "
    "status_token_hash, source, status, lang, family_kanji, given_kanji, "
    "family_kana, given_kana, family_romaji, given_romaji, birth_date, "
    "gender, japanese_national, email, phone, postcode, prefecture, "
    "address, earliest_start, max_months, emergency_name, "
    "emergency_relation, emergency_phone, expertise, operations, "
    "privacy_version, declaration, email_key, kana_key, ministry, "
    "created_at, updated_at, languages, search_key) "
    "SELECT ref, "
    "sha256(convert_to('seed-form-' || x, 'UTF8')), "
    "sha256(convert_to('seed-status-' || x, 'UTF8')), "
    "CASE WHEN ministry IS NULL THEN 'public' ELSE 'seconded' END, status, "
    "CASE WHEN r9 < 0.95 THEN 'ja' ELSE 'en' END, fk[fi], gk[gi], fka[fi], "
    "gka[gi], fr[fi], gr[gi], date '1961-01-01' + floor(r9 * 15000)::int, "
    "gender, true, mail, '090' || lpad((floor(r5 * 1e8))::bigint::text, 8, "
    "'0'), "
    "lpad((floor(r6 * 1e7))::bigint::text, 7, '0'), pref, "
    "(ARRAY['中央','本町','栄町','緑町','旭町','若葉','桜台','東町'])"
    "[1 + x % 8] || (1 + x % 5) || '-' || (1 + x % 23) || '-' || "
    "(1 + x % 17), (at + interval '60 days')::date, "
    "(ARRAY[6, 12, 12, 18, 24, 36])[1 + x % 6], fk[fi] || "
    "(ARRAY['一郎','和子','恵美','健二'])[1 + x % 4], "
    "(ARRAY['父','母','配偶者','兄','姉'])[1 + x % 5], "
    "'03' || lpad((floor(r4 * 1e8))::bigint::text, 8, '0'), "
    "ARRAY(SELECT e FROM unnest(ARRAY['election','civil_admin',"
    "'logistics','engineering','medical','legal','police','comms_it',"
    "'interpretation','relief','other']) WITH ORDINALITY AS t(e, o) "
    "WHERE hashint8(x * 16 + o) & 1023 < 184), "
    "ARRAY(SELECT o FROM unnest(ARRAY['pko','icops','relief','election']) "
    "WITH ORDINALITY AS t(o, k) WHERE hashint8(x * 8 + k) & 1023 < 358 "
    "OR k = 1 + x % 4), '2026-04', true, mail, fka[fi] || gka[gi], "
    "ministry, at, at, ARRAY(SELECT l || ':' || (ARRAY['basic','working',"
    "'fluent','native'])[1 + (hashint8(x * 8 + k) & 3)] FROM "
    "unnest(ARRAY['en','fr','es','ar','ru','zh']) WITH ORDINALITY AS "
    "t(l, k) WHERE (k = 1 AND hashint8(x) & 1023 < 870) OR (k > 1 AND "
    "hashint8(x * 8 + k) & 1023 < 72)), corps_search_key(fk[fi], gk[gi], "
    "fka[fi], gka[gi], fr[fi], gr[gi]) FROM f "
    "ON CONFLICT DO NOTHING RETURNING id, status, created_at), "
    "acc AS (INSERT INTO seed_accepted SELECT id FROM ins "
    "WHERE status = 'accepted'), "
    "rev AS (SELECT r.id AS account, r.login FROM (SELECT 1) one LEFT "
    "JOIN (SELECT id, login FROM staff_accounts WHERE role = 'reviewer' "
    "ORDER BY id LIMIT 1) r ON true), "
    "hist AS (INSERT INTO application_status_history (application_id, "
    "from_status, to_status, actor, reason, account_id, at) "
    "SELECT ins.id, h.f, h.t, CASE WHEN h.actor = 'staff' THEN "
    "coalesce(rev.login, 'seed-demo') ELSE h.actor END, h.reason, CASE "
    "WHEN h.actor = 'staff' THEN rev.account END, least(now(), "
    "ins.created_at + h.after) "
    "FROM ins, rev, LATERAL (VALUES ('submitted', 'screening', 'staff', "
    "'', interval '3 days'), ('screening', ins.status, CASE WHEN "
    "ins.status = 'withdrawn' THEN 'applicant' ELSE 'staff' END, CASE "
    "WHEN ins.status = 'rejected' "
    "THEN '選考基準を満たさないため' ELSE '' END, interval '9 days'), "
    "('submitted', 'withdrawn', 'applicant', '', interval '2 days')) "
    "AS h(f, t, actor, reason, after) "
    "WHERE (h.f = 'submitted' AND h.t = 'screening' AND (ins.status IN "
    "('screening', 'accepted', 'rejected') OR (ins.status = 'withdrawn' "
    "AND ins.id % 2 = 0))) "
    "OR (h.f = 'screening' AND h.t <> 'screening' AND (ins.status IN "
    "('accepted', 'rejected') OR (ins.status = 'withdrawn' AND ins.id % 2 "
    "= 0))) "
    "OR (h.f = 'submitted' AND h.t = 'withdrawn' AND ins.status = "
    "'withdrawn' AND ins.id % 2 = 1)) "
    "SELECT count(*) FROM ins";

/*
 * The training of the people just seeded (issue 14), in proportion to
 * the applications asked for (seed_size; only this run's accepted people,
 * seed_accepted, take part).  Demo
 * courses: five taught ones that operation types require (one never
 * expires), an external one (a certificate with its date), one required
 * for nothing and one retired.  A session per 500 applications: 85 % in
 * the last three years, completed, shared among the required courses by
 * how many people need them; 15 % in the next six months, the courses
 * in turn, a tenth of them small enough for a waitlist.  Of the accepted
 * people, 7 in 20 took every course they need (a result each; a pass makes the
 * certificate, the trigger's), 4 in 20 are enrolled in one coming
 * session of a course they need (when one is given), the rest have done nothing
 * yet.  At a million applications (145,000 accepted) that is 2,000 sessions,
 * about 200,000 enrolments and 180,000 certificates, some expired and some
 * expiring soon.  All in one transaction whose rows share now(), which is how
 * the statements find each other's.  The open enrolments queue invitations and
 * reminders (the triggers'); the DELETE takes them back before the
 * commit, so that no demo person is mailed and no mailer sees a row.
 */
#define SEED_PEOPLE                                                            \
	"p AS (SELECT a.id, a.operations, row_number() OVER (ORDER BY a.id) "  \
	"- 1 AS i FROM applications a JOIN seed_accepted s ON s.id = a.id) "
/* The people's (p) required courses that are taught, a number h each. */
#define SEED_NEEDS(who)                                                        \
	"q AS (SELECT p.id AS aid, c.id AS cid, hashint8(p.id * 64 + c.id) "   \
	"& 1023 AS h FROM p JOIN courses c ON c.required_for && p.operations " \
	"AND c.retired_at IS NULL AND c.delivery <> 'external' "               \
	"AND c.code LIKE 'DEMO-%' WHERE " who ") "
#define SEED_SESSIONS(when)                                                     \
	"s AS (SELECT s.id, s.course_id, s.starts_at, s.ends_at, s.capacity, "  \
	"c.pass_mark, (s.starts_at AT TIME ZONE " SQL_TZ ")::date AS day, "     \
	"row_number() OVER (PARTITION BY s.course_id ORDER BY s.id) - 1 AS j, " \
	"count(*) OVER (PARTITION BY s.course_id) AS m "                        \
	"FROM training_sessions s JOIN courses c ON c.id = s.course_id "        \
	"WHERE s.created_at = now() AND s.starts_at " when " now()) "
#define SEED_TODAY "(now() AT TIME ZONE " SQL_TZ ")::date"

static const char *const training_sql[] = {
	"INSERT INTO courses (code, title_ja, title_en, hours, delivery, "
	"pass_mark, validity_months, required_for, retired_at) VALUES "
	"('DEMO-PKO', '国際平和協力基礎研修', 'Peacekeeping basics', 12, "
	"'in_person', 60, 36, '{pko}', NULL), "
	"('DEMO-SAFETY', '安全対策研修', 'Field safety and security', 6, "
	"'in_person', NULL, 24, '{pko,icops,relief,election}', NULL), "
	"('DEMO-FIRST-AID', '応急救護研修', 'First aid', 8, 'in_person', 70, "
	"24, '{pko,relief}', NULL), "
	"('DEMO-ELECTION', '選挙監視研修', 'Election observation', 6, "
	"'online', NULL, NULL, '{election}', NULL), "
	"('DEMO-ICOPS', '国際連携平和安全活動研修', 'Internationally "
	"coordinated operations', 10, 'in_person', NULL, 60, '{icops}', NULL), "
	"('DEMO-LANGUAGE', '派遣前英語研修', 'English for missions', 20, "
	"'online', NULL, NULL, '{}', NULL), "
	"('DEMO-OLD-PKO', '旧国際平和協力研修', 'Former peacekeeping course', "
	"6, 'in_person', NULL, 36, '{pko}', now() - interval '1 year'), "
	"('DEMO-UN-SECURITY', '国連安全研修（外部）', 'UN security course "
	"(external)', 4, 'external', NULL, 36, '{pko,icops}', NULL) "
	"ON CONFLICT (code) DO NOTHING",
	/* Sessions: the past ones by the courses' demand (everyone needs
	 * safety, three in four first aid, half each of the others), the
	 * coming ones of every course still given. */
	"WITH k AS (SELECT greatest(1, (SELECT n FROM seed_size) / 500) AS n, "
	"greatest(1, (SELECT n FROM seed_size) / 500) * 15 / 100 AS fut), "
	"g AS (SELECT g, g < k.n - k.fut AS past, k.n - k.fut AS np, k.fut "
	"FROM k, generate_series(0, k.n - 1) g), "
	"t AS (SELECT g.*, CASE WHEN g.past THEN (ARRAY['DEMO-SAFETY', "
	"'DEMO-FIRST-AID', 'DEMO-PKO', 'DEMO-ELECTION', 'DEMO-ICOPS', "
	"'DEMO-SAFETY', 'DEMO-FIRST-AID', 'DEMO-PKO', 'DEMO-ELECTION', "
	"'DEMO-ICOPS', 'DEMO-SAFETY', 'DEMO-FIRST-AID', 'DEMO-PKO', "
	"'DEMO-ELECTION', 'DEMO-ICOPS', 'DEMO-SAFETY', 'DEMO-FIRST-AID', "
	"'DEMO-SAFETY', 'DEMO-FIRST-AID', 'DEMO-SAFETY'])[1 + g.g % 20] "
	"ELSE (ARRAY['DEMO-SAFETY', 'DEMO-FIRST-AID', 'DEMO-PKO', "
	"'DEMO-ELECTION', 'DEMO-ICOPS', 'DEMO-LANGUAGE'])[1 + (g.g - g.np) % 6] "
	"END "
	"AS code, (CASE WHEN g.past THEN " SEED_TODAY " - 1 - (g.g * 1095 / "
	"g.np)::int ELSE " SEED_TODAY " + 3 + ((g.g - g.np) * 180 / "
	"g.fut)::int END + time '09:00') AT TIME ZONE " SQL_TZ " AS at FROM g) "
	"INSERT INTO training_sessions (course_id, starts_at, ends_at, place, "
	"capacity, lang) SELECT c.id, t.at, t.at + interval '7 hours', "
	"CASE WHEN c.delivery = 'online' THEN NULL ELSE (ARRAY["
	"'東京都新宿区市谷本村町', '大阪府大阪市中央区', '沖縄県那覇市'])"
	"[1 + t.g % 3] END, CASE WHEN NOT t.past AND (t.g - t.np) % 10 = 0 "
	"THEN 60 WHEN t.past THEN 200 ELSE 120 END, CASE WHEN t.g % 9 = 0 THEN 'en' ELSE 'ja' END "
	"FROM t JOIN courses c ON c.code = t.code",
	/* 7 in 20 took every course they need, with a result. */
	"WITH " SEED_PEOPLE ", " SEED_NEEDS("p.i % 20 < 7") ", " SEED_SESSIONS(
	    "<") " "
		 "INSERT INTO enrolments (session_id, application_id, course_id, "
		 "during, state, response, attendance, score, result, completed_on) "
		 "SELECT s.id, q.aid, s.course_id, tstzrange(s.starts_at, s.ends_at), "
		 "'completed', 'confirmed', CASE WHEN q.h < 1000 THEN 'attended' ELSE "
		 "'absent' END, CASE WHEN q.h < 1000 AND s.pass_mark IS NOT NULL THEN "
		 "56 + q.h % 45 END, CASE WHEN q.h < 1000 AND s.pass_mark IS NULL THEN "
		 "CASE WHEN q.h < 970 THEN 'passed' ELSE 'failed' END END, "
		 "CASE WHEN q.h < 1000 THEN s.day END "
		 "FROM q JOIN s ON s.course_id = q.cid AND s.j = (q.aid * 7 + q.h) % s.m",
	"UPDATE training_sessions SET status = 'completed' WHERE "
	"created_at = now() AND starts_at < now()",
	/* 4 in 20 are enrolled in a coming session of a course they need;
	 * beyond its capacity, on its waitlist. */
	"WITH " SEED_PEOPLE
	", " SEED_NEEDS("p.i % 20 BETWEEN 7 AND 10") ", " SEED_SESSIONS(
	    ">") ", "
		 "one AS (SELECT DISTINCT ON (aid) aid, cid, h FROM q WHERE cid IN "
		 "(SELECT course_id FROM s) ORDER BY aid, h), "
		 "x AS (SELECT s.id AS sid, one.aid, s.course_id, s.starts_at, "
		 "s.ends_at, s.capacity, row_number() OVER (PARTITION BY s.id ORDER "
		 "BY one.aid) AS rn FROM one JOIN s ON s.course_id = one.cid "
		 "AND s.j = (one.aid * 7 + one.h) % s.m) "
		 "INSERT INTO enrolments (session_id, application_id, course_id, "
		 "during, state, response) SELECT sid, aid, course_id, "
		 "tstzrange(starts_at, ends_at), CASE WHEN rn <= capacity THEN "
		 "'enrolled' ELSE 'waitlisted' END, CASE WHEN rn <= capacity AND "
		 "aid % 3 = 0 THEN 'confirmed' END FROM x ORDER BY sid, rn "
		 "ON CONFLICT DO NOTHING",
	"DELETE FROM mail_outbox WHERE kind IN ('training_invitation', "
	"'training_reminder') AND application_id IN (SELECT id FROM "
	"seed_accepted) AND "
	"created_at = now() AND application_id IN (SELECT application_id FROM "
	"enrolments WHERE created_at = now())",
	/* The external course's certificates of those who took everything,
	 * recorded over the last four years. */
	"WITH " SEED_PEOPLE " INSERT INTO certificates (application_id, "
	"course_id, completed_on, validity_months) SELECT p.id, c.id, " SEED_TODAY
	" - (hashint8(p.id) & 2047)::int % 1460, c.validity_months "
	"FROM p JOIN courses c ON c.code = 'DEMO-UN-SECURITY' "
	"AND c.required_for && p.operations WHERE p.i % 20 < 7 "
	"AND (SELECT n FROM seed_size) > 0",
};

/*
 * The plans' demo data (issue 15), from this run's accepted people
 * (seed_accepted, filled by seed_sql) only, so that neither another run
 * nor anybody else's people are touched: seed_plan rows of plans (200
 * per million applications) over the last nine years and the next, each
 * with five satisfied principles and ten positions that require no
 * course; a position takes 15 people (with ten plans or more, the one
 * nine tenths along, running now, 50: a roster of 500), each person one
 * assignment, its warnings
 * acknowledged as a reviewer would; completed when past, dispatched when
 * running, confirmed or proposed ahead.  Every assigned person was asked
 * (answered available) and so, unanswered or unavailable, were the
 * people of the next position.  Plans then move on as their dates say;
 * one running plan in ten lapses on principle 3 (a suspension sends no
 * mail; nothing is terminated, which would).
 */
static const char *const plan_sql[] = {
	"CREATE TEMP TABLE seed_plan (id bigint, g int, starts_on date, "
	"ends_on date, big boolean) ON COMMIT DROP",
	"CREATE TEMP TABLE seed_pos (id bigint, n bigint, starts_on date, "
	"ends_on date, quota int) ON COMMIT DROP",
	"WITH g AS (SELECT g, n, current_date - 3285 + ((g - 1) * 3650 / n) "
	"AS s, g = ceil(n * 0.9) AND n >= 10 AS big "
	"FROM seed_n, generate_series(1, seed_n.n) g), "
	"ins AS (INSERT INTO plans (title_ja, title_en, operation, country, "
	"area, basis, basis_detail, mandate_ja, mandate_en, "
	"cabinet_decision_on, starts_on, ends_on, change_reason) "
	"SELECT 'デモ計画 ' || g, 'Demo plan ' || g, (ARRAY['pko', 'icops', "
	"'relief', 'election'])[1 + g % 4], (ARRAY['SS', 'KH', 'TL', 'HT', "
	"'NP', 'SD', 'DJ', 'MZ'])[1 + g % 8], '', 'unsc_resolution', "
	"'S/RES/' || (2000 + g), '', '', s - 30, s, s + CASE WHEN big "
	"THEN 730 ELSE 365 + (g * 97) % 731 END, 'seed-demo' FROM g "
	"RETURNING id, title_en, starts_on, ends_on) "
	"INSERT INTO seed_plan SELECT ins.id, g.g, ins.starts_on, ins.ends_on, "
	"g.big FROM ins JOIN g ON ins.title_en = 'Demo plan ' || g.g",
	"INSERT INTO plan_principles (plan_id, principle, satisfied, "
	"confirmed_on, evidence) SELECT id, k, true, starts_on - 30, "
	"'seed-demo' FROM seed_plan, generate_series(1, 5) k",
	"UPDATE plans p SET status = 'approved' FROM seed_plan s "
	"WHERE p.id = s.id",
	"WITH ins AS (INSERT INTO positions (plan_id, title_ja, title_en, "
	"duty_station, headcount, starts_on, ends_on, expertise, languages) "
	"SELECT s.id, (ARRAY['選挙監視要員', '司令部要員', '施設要員', "
	"'医療要員', '通信要員'])[1 + k % 5] || ' ' || k, (ARRAY['Election "
	"observer', 'Staff officer', 'Engineer', 'Medical officer', "
	"'Communications officer'])[1 + k % 5] || ' ' || k, 'Station ' || k, "
	"CASE WHEN s.big THEN 55 ELSE 18 END, s.starts_on + (k - 1) * "
	"((s.ends_on - s.starts_on) / 20), s.ends_on, ARRAY[(ARRAY["
	"'election', 'civil_admin', 'engineering', 'medical', 'comms_it'])"
	"[1 + k % 5]]::expertise_set, CASE WHEN k % 2 = 0 THEN "
	"'{en:working}'::text[] ELSE '{}' END "
	"FROM seed_plan s, generate_series(1, 10) k "
	"RETURNING id, starts_on, ends_on, headcount) "
	"INSERT INTO seed_pos SELECT id, row_number() OVER (ORDER BY id), "
	"starts_on, ends_on, headcount - CASE WHEN headcount = 55 THEN 5 "
	"ELSE 3 END FROM ins",
	"WITH slot AS (SELECT p.*, j, row_number() OVER (ORDER BY p.n, j) AS "
	"k, p.starts_on + ((j - 1) * 7) % greatest(1, (p.ends_on - "
	"p.starts_on) / 2) AS s, 90 + (j * 37) % 275 AS len FROM seed_pos p, "
	"generate_series(1, p.quota) j), "
	"who AS (SELECT id, row_number() OVER (ORDER BY id) AS k "
	"FROM seed_accepted), "
	"d AS (SELECT slot.id AS pos, who.id AS person, slot.s, "
	"least(slot.ends_on, slot.s + slot.len) AS e, slot.j "
	"FROM slot JOIN who USING (k)) "
	"INSERT INTO assignments (position_id, application_id, starts_on, "
	"ends_on, status, acknowledged, returned_on) "
	"SELECT pos, person, s, e, CASE WHEN e < current_date THEN "
	"'completed' WHEN s <= current_date THEN 'dispatched' WHEN j % 2 = 0 "
	"THEN 'confirmed' ELSE 'proposed' END, "
	"assignment_warnings_of(pos, person, s, e), CASE WHEN e < "
	"current_date THEN e END FROM d",
	"INSERT INTO inquiries (position_id, application_id, asked_at, "
	"answer, answered_at) SELECT a.position_id, a.application_id, "
	"least(now(), a.starts_on - 40), 'available', least(now(), "
	"a.starts_on - 33) FROM assignments a JOIN seed_pos p "
	"ON p.id = a.position_id",
	"INSERT INTO inquiries (position_id, application_id, asked_at, "
	"answer, answered_at) SELECT p.id, a.application_id, least(now(), "
	"p.starts_on - 40), CASE WHEN p.ends_on < current_date THEN "
	"'unavailable' END, CASE WHEN p.ends_on < current_date THEN "
	"least(now(), p.starts_on - 35) END FROM seed_pos p "
	"JOIN seed_pos q ON q.n = p.n + 1 "
	"JOIN assignments a ON a.position_id = q.id",
	"UPDATE plans p SET status = 'in_progress', change_reason = "
	"'seed-demo' FROM seed_plan s WHERE p.id = s.id "
	"AND s.starts_on <= current_date",
	"UPDATE plans p SET status = 'completed' FROM seed_plan s "
	"WHERE p.id = s.id AND s.ends_on < current_date",
	"UPDATE plan_principles x SET satisfied = false, confirmed_on = "
	"current_date, evidence = 'seed-demo' FROM seed_plan s "
	"WHERE x.plan_id = s.id AND x.principle = 3 AND s.g % 10 = 3 "
	"AND NOT s.big AND current_date BETWEEN s.starts_on AND s.ends_on",
	"SELECT count(*), (SELECT count(*) FROM seed_pos), (SELECT count(*) "
	"FROM assignments a JOIN seed_pos p ON p.id = a.position_id) "
	"FROM seed_plan",
};

/* After the plans: commit, and statistics for the tables they filled. */
static const char *const plan_tidy_sql[] = {
	"COMMIT",
	"ANALYZE plans, plan_history, plan_principles, positions, inquiries, "
	"assignments",
};

/*
 * After a bulk load: folds the dashboard's events (one per row) into its
 * summary, and vacuums and analyses the applications, so that the list's
 * estimates start from statistics of the rows just added and its
 * covering index is read without the table (the visibility map).
 */
static const char *const tidy_sql[] = {
	"SELECT application_counts_fold(0)",
	"VACUUM application_count_events",
	"VACUUM (ANALYZE) applications",
	"VACUUM (ANALYZE) courses, training_sessions, enrolments, "
	"certificates, training_status",
};

/* Runs sql on c; prints the error on stderr.  Returns the result or NULL. */
static PGresult *
seed_exec(PGconn *c, const char *sql)
{
	PGresult *res = PQexec(c, sql);

	if (PQresultStatus(res) == PGRES_COMMAND_OK ||
	    PQresultStatus(res) == PGRES_TUPLES_OK)
		return res;
	fprintf(stderr, "corps-admin: seed-demo: %s", PQerrorMessage(c));
	PQclear(res);
	return NULL;
}

/*
 * Runs the n statements sql in order, stopping at an error.  Returns the
 * last one's result (the caller clears it), or NULL on an error.
 */
static PGresult *
seed_exec_all(PGconn *c, const char *const *sql, size_t n)
{
	PGresult *res = NULL;
	size_t i;

	for (i = 0; i < n; i++) {
		PQclear(res);
		if ((res = seed_exec(c, sql[i])) == NULL)
			return NULL;
	}
	return res;
}

#define NSQL(a) (sizeof(a) / sizeof((a)[0]))

/* Runs tidy_sql.  Returns 0, or 1 on a database error. */
static int
seed_tidy(PGconn *c)
{
	PGresult *res = seed_exec_all(c, tidy_sql, NSQL(tidy_sql));
	int rc = res == NULL;

	PQclear(res);
	return rc;
}

/*
 * Adds the plans' demo data for n applications (plan_sql) in one
 * transaction, then analyses them, and reports what it made on out.
 * Returns 0, or 1 on a database error (no plan added).
 */
static int
seed_plans(PGconn *c, long n, FILE *out)
{
	char head[128];
	PGresult *res;
	int rc;

	snprintf(head, sizeof(head),
		 "BEGIN; CREATE TEMP TABLE seed_n ON COMMIT DROP AS "
		 "SELECT %ld::int AS n",
		 n * 200 / 1000000 > 1 ? n * 200 / 1000000 : 1);
	if ((res = seed_exec(c, head)) == NULL)
		return 1;
	PQclear(res);
	if ((res = seed_exec_all(c, plan_sql, NSQL(plan_sql))) == NULL) {
		PQclear(PQexec(c, "ROLLBACK"));
		return 1;
	}
	fprintf(out, "seeded %s demo plans, %s positions, %s assignments\n",
		PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1),
		PQgetvalue(res, 0, 2));
	PQclear(res);
	res = seed_exec_all(c, plan_tidy_sql, NSQL(plan_tidy_sql));
	rc = res == NULL;
	PQclear(res);
	return rc;
}

/*
 * Inserts up to n demo applications (seed_sql).  Returns how many, or -1
 * on a database error (reported on stderr).
 */
static long
seed_insert(PGconn *c, long n)
{
	char num[24];
	const char *v[1] = { num };
	PGresult *res;
	long added = -1;

	snprintf(num, sizeof(num), "%ld", n);
	res = PQexecParams(c, seed_sql, 1, NULL, v, NULL, NULL, 0);
	if (PQresultStatus(res) == PGRES_TUPLES_OK)
		added = strtol(PQgetvalue(res, 0, 0), NULL, 10);
	else
		fprintf(stderr, "corps-admin: seed-demo: %s",
			PQerrorMessage(c));
	PQclear(res);
	return added;
}

/*
 * Adds the training of this run's accepted people (seed_accepted), in
 * proportion to n applications (training_sql, which reads n from
 * seed_size), in one transaction.  Returns 0, or 1 on a database error
 * (nothing of it added).
 */
static int
seed_training(PGconn *c, long n)
{
	char head[128];
	PGresult *res;

	snprintf(head, sizeof(head),
		 "BEGIN; CREATE TEMP TABLE seed_size ON COMMIT DROP AS "
		 "SELECT %ld::bigint AS n",
		 n);
	if ((res = seed_exec(c, head)) == NULL)
		return 1;
	PQclear(res);
	if ((res = seed_exec_all(c, training_sql, NSQL(training_sql))) ==
	    NULL) {
		PQclear(PQexec(c, "ROLLBACK"));
		return 1;
	}
	PQclear(res);
	if ((res = seed_exec(c, "COMMIT")) == NULL)
		return 1;
	PQclear(res);
	return 0;
}

/*
 * seed-demo --applications N: adds N demo applications, drawing again for
 * the few whose reference met an existing one, their training
 * (seed_training), then tidies up after them (seed_tidy) and adds plans for
 * them (seed_plans).  Returns the exit status: 0, 1 (database error: the
 * rows of the runs that ended added, perhaps not tidied) or 2 (usage).
 */
int
seed_demo(PGconn *c, int argc, char *argv[], FILE *out)
{
	PGresult *res;
	char *end;
	long n, added, total = 0;
	int tries;

	if (argc != 3 || strcmp(argv[1], "--applications") != 0)
		return 2;
	n = strtol(argv[2], &end, 10);
	if (*argv[2] == '\0' || *end != '\0' || n < 1 || n > SEED_MAX)
		return 2;
	if ((res = seed_exec(c, "CREATE TEMP TABLE IF NOT EXISTS "
				"seed_accepted (id bigint PRIMARY KEY)")) ==
	    NULL)
		return 1;
	PQclear(res);
	for (tries = 0; total < n && tries < 3; tries++) {
		if ((added = seed_insert(c, n - total)) < 0)
			return 1;
		total += added;
	}
	fprintf(out, "seeded %ld demo applications\n", total);
	if (seed_training(c, n) != 0)
		return 1;
	fprintf(out, "seeded their training\n");
	if (seed_tidy(c) != 0)
		return 1;
	return seed_plans(c, n, out);
}
