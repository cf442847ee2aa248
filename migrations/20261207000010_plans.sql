-- migrate:up

-- Implementation plans (issue 15): each dispatch follows a plan for a
-- specified period, may go on only while the Five Principles hold, and is
-- staffed through positions whose assignments the database keeps to the
-- rules:
--   * a plan is approved only with all five principles satisfied; a
--     principle recorded as no longer satisfied suspends an approved or
--     running plan at once, and confirming it again lifts the suspension;
--   * an assignment needs an accepted person, a certificate valid on its
--     start date for every course its position requires, a plan approved
--     or in progress, dates inside the position's, a free place in the
--     position's headcount (under the position's row lock), and no
--     overlap with the person's other assignments (exclusion constraint);
--   * what only warrants a warning (longer than the person's longest
--     period, before their earliest start, an answer "not available") must
--     be acknowledged in the row itself;
--   * terminating a plan ends its open assignments and tells the people.
-- Every change of a plan's status or period is kept in plan_history,
-- written by the trigger from the columns that say who and why.

-- ISO 3166-1 countries with their English and Japanese names, from
-- Debian's iso-codes package (LGPL-2.1-or-later; see deploy/iso-countries,
-- which printed the rows below from iso-codes 4.15.0).
CREATE TABLE countries (
	code	text PRIMARY KEY CHECK (code ~ '^[A-Z]{2}$'),
	alpha3	text NOT NULL UNIQUE CHECK (alpha3 ~ '^[A-Z]{3}$'),
	name_en	text NOT NULL,
	name_ja	text NOT NULL
);
INSERT INTO countries (code, alpha3, name_en, name_ja) VALUES
	('AD', 'AND', 'Andorra', 'アンドラ'),
	('AE', 'ARE', 'United Arab Emirates', 'アラブ首長国連邦'),
	('AF', 'AFG', 'Afghanistan', 'アフガニスタン'),
	('AG', 'ATG', 'Antigua and Barbuda', 'アンティグア・バーブーダ'),
	('AI', 'AIA', 'Anguilla', 'アングイラ'),
	('AL', 'ALB', 'Albania', 'アルバニア'),
	('AM', 'ARM', 'Armenia', 'アルメニア'),
	('AO', 'AGO', 'Angola', 'アンゴラ'),
	('AQ', 'ATA', 'Antarctica', '南極大陸'),
	('AR', 'ARG', 'Argentina', 'アルゼンチン'),
	('AS', 'ASM', 'American Samoa', '米領サモア'),
	('AT', 'AUT', 'Austria', 'オーストリア'),
	('AU', 'AUS', 'Australia', 'オーストラリア連邦'),
	('AW', 'ABW', 'Aruba', 'アルーバ'),
	('AX', 'ALA', 'Åland Islands', 'オーランド諸島'),
	('AZ', 'AZE', 'Azerbaijan', 'アゼルバイジャン'),
	('BA', 'BIH', 'Bosnia and Herzegovina', 'ボスニア・ヘルツェゴビナ'),
	('BB', 'BRB', 'Barbados', 'バルバドス'),
	('BD', 'BGD', 'Bangladesh', 'バングラデシュ'),
	('BE', 'BEL', 'Belgium', 'ベルギー'),
	('BF', 'BFA', 'Burkina Faso', 'ブルキナファソ'),
	('BG', 'BGR', 'Bulgaria', 'ブルガリア'),
	('BH', 'BHR', 'Bahrain', 'バーレーン'),
	('BI', 'BDI', 'Burundi', 'ブルンジ'),
	('BJ', 'BEN', 'Benin', 'ベナン'),
	('BL', 'BLM', 'Saint Barthélemy', 'サンバルテルミ'),
	('BM', 'BMU', 'Bermuda', 'バーミューダ'),
	('BN', 'BRN', 'Brunei Darussalam', 'ブルネイ・ダルサラーム国'),
	('BO', 'BOL', 'Bolivia, Plurinational State of', 'ボリビア多民族国'),
	('BQ', 'BES', 'Bonaire, Sint Eustatius and Saba', 'ボネール、シントユースタティウス及びサバ'),
	('BR', 'BRA', 'Brazil', 'ブラジル'),
	('BS', 'BHS', 'Bahamas', 'バハマ'),
	('BT', 'BTN', 'Bhutan', 'ブータン'),
	('BV', 'BVT', 'Bouvet Island', 'ブーベ島'),
	('BW', 'BWA', 'Botswana', 'ボツワナ'),
	('BY', 'BLR', 'Belarus', 'ベラルーシ'),
	('BZ', 'BLZ', 'Belize', 'ベリーズ'),
	('CA', 'CAN', 'Canada', 'カナダ'),
	('CC', 'CCK', 'Cocos (Keeling) Islands', 'ココス (キーリング) 諸島'),
	('CD', 'COD', 'Congo, The Democratic Republic of the', 'コンゴ民主共和国'),
	('CF', 'CAF', 'Central African Republic', '中央アフリカ共和国'),
	('CG', 'COG', 'Congo', 'コンゴ'),
	('CH', 'CHE', 'Switzerland', 'スイス'),
	('CI', 'CIV', 'Côte d''Ivoire', 'コートジボワール'),
	('CK', 'COK', 'Cook Islands', 'クック諸島'),
	('CL', 'CHL', 'Chile', 'チリ'),
	('CM', 'CMR', 'Cameroon', 'カメルーン'),
	('CN', 'CHN', 'China', '中国'),
	('CO', 'COL', 'Colombia', 'コロンビア'),
	('CR', 'CRI', 'Costa Rica', 'コスタリカ'),
	('CU', 'CUB', 'Cuba', 'キューバ'),
	('CV', 'CPV', 'Cabo Verde', 'カーボヴェルデ'),
	('CW', 'CUW', 'Curaçao', 'キュラソー'),
	('CX', 'CXR', 'Christmas Island', 'クリスマス島'),
	('CY', 'CYP', 'Cyprus', 'キプロス'),
	('CZ', 'CZE', 'Czechia', 'Czechia'),
	('DE', 'DEU', 'Germany', 'ドイツ'),
	('DJ', 'DJI', 'Djibouti', 'ジブチ'),
	('DK', 'DNK', 'Denmark', 'デンマーク'),
	('DM', 'DMA', 'Dominica', 'ドミニカ'),
	('DO', 'DOM', 'Dominican Republic', 'ドミニカ共和国'),
	('DZ', 'DZA', 'Algeria', 'アルジェリア'),
	('EC', 'ECU', 'Ecuador', 'エクアドル'),
	('EE', 'EST', 'Estonia', 'エストニア'),
	('EG', 'EGY', 'Egypt', 'エジプト'),
	('EH', 'ESH', 'Western Sahara', '西サハラ'),
	('ER', 'ERI', 'Eritrea', 'エリトリア国'),
	('ES', 'ESP', 'Spain', 'スペイン'),
	('ET', 'ETH', 'Ethiopia', 'エチオピア'),
	('FI', 'FIN', 'Finland', 'フィンランド'),
	('FJ', 'FJI', 'Fiji', 'フィジー'),
	('FK', 'FLK', 'Falkland Islands (Malvinas)', 'フォークランド諸島 (マルビナス)'),
	('FM', 'FSM', 'Micronesia, Federated States of', 'ミクロネシア連邦'),
	('FO', 'FRO', 'Faroe Islands', 'フェロー諸島'),
	('FR', 'FRA', 'France', 'フランス'),
	('GA', 'GAB', 'Gabon', 'ガボン'),
	('GB', 'GBR', 'United Kingdom', '英国'),
	('GD', 'GRD', 'Grenada', 'グレナダ'),
	('GE', 'GEO', 'Georgia', 'グルジア'),
	('GF', 'GUF', 'French Guiana', '仏領ギアナ'),
	('GG', 'GGY', 'Guernsey', 'ガーンジー'),
	('GH', 'GHA', 'Ghana', 'ガーナ'),
	('GI', 'GIB', 'Gibraltar', 'ジブラルタル'),
	('GL', 'GRL', 'Greenland', 'グリーンランド'),
	('GM', 'GMB', 'Gambia', 'ガンビア'),
	('GN', 'GIN', 'Guinea', 'ギニア'),
	('GP', 'GLP', 'Guadeloupe', 'グアドループ'),
	('GQ', 'GNQ', 'Equatorial Guinea', '赤道ギニア'),
	('GR', 'GRC', 'Greece', 'ギリシャ'),
	('GS', 'SGS', 'South Georgia and the South Sandwich Islands', 'サウスジョージア及びサウスサンドウィッチ諸島'),
	('GT', 'GTM', 'Guatemala', 'グアテマラ'),
	('GU', 'GUM', 'Guam', 'グアム'),
	('GW', 'GNB', 'Guinea-Bissau', 'ギニアビサウ'),
	('GY', 'GUY', 'Guyana', 'ガイアナ'),
	('HK', 'HKG', 'Hong Kong', '香港'),
	('HM', 'HMD', 'Heard Island and McDonald Islands', 'ハード島及びマクドナルド諸島'),
	('HN', 'HND', 'Honduras', 'ホンジュラス'),
	('HR', 'HRV', 'Croatia', 'クロアチア'),
	('HT', 'HTI', 'Haiti', 'ハイチ'),
	('HU', 'HUN', 'Hungary', 'ハンガリー'),
	('ID', 'IDN', 'Indonesia', 'インドネシア'),
	('IE', 'IRL', 'Ireland', 'アイルランド'),
	('IL', 'ISR', 'Israel', 'イスラエル'),
	('IM', 'IMN', 'Isle of Man', 'マン島'),
	('IN', 'IND', 'India', 'インド'),
	('IO', 'IOT', 'British Indian Ocean Territory', '英国インド洋領土'),
	('IQ', 'IRQ', 'Iraq', 'イラク'),
	('IR', 'IRN', 'Iran, Islamic Republic of', 'イラン・イスラム共和国'),
	('IS', 'ISL', 'Iceland', 'アイスランド'),
	('IT', 'ITA', 'Italy', 'イタリア'),
	('JE', 'JEY', 'Jersey', 'ジャージー'),
	('JM', 'JAM', 'Jamaica', 'ジャマイカ'),
	('JO', 'JOR', 'Jordan', 'ヨルダン'),
	('JP', 'JPN', 'Japan', '日本'),
	('KE', 'KEN', 'Kenya', 'ケニア'),
	('KG', 'KGZ', 'Kyrgyzstan', 'キルギスタン'),
	('KH', 'KHM', 'Cambodia', 'カンボジア'),
	('KI', 'KIR', 'Kiribati', 'キリバス'),
	('KM', 'COM', 'Comoros', 'コモロ'),
	('KN', 'KNA', 'Saint Kitts and Nevis', 'セントクリストファー・ネーヴィス'),
	('KP', 'PRK', 'Korea, Democratic People''s Republic of', '朝鮮民主主義人民共和国'),
	('KR', 'KOR', 'Korea, Republic of', '大韓民国 (韓国)'),
	('KW', 'KWT', 'Kuwait', 'クウェート'),
	('KY', 'CYM', 'Cayman Islands', 'ケイマン諸島'),
	('KZ', 'KAZ', 'Kazakhstan', 'カザフスタン'),
	('LA', 'LAO', 'Lao People''s Democratic Republic', 'ラオス人民民主共和国'),
	('LB', 'LBN', 'Lebanon', 'レバノン'),
	('LC', 'LCA', 'Saint Lucia', 'セントルシア'),
	('LI', 'LIE', 'Liechtenstein', 'リヒテンシュタイン'),
	('LK', 'LKA', 'Sri Lanka', 'スリランカ'),
	('LR', 'LBR', 'Liberia', 'リベリア'),
	('LS', 'LSO', 'Lesotho', 'レソト'),
	('LT', 'LTU', 'Lithuania', 'リトアニア'),
	('LU', 'LUX', 'Luxembourg', 'ルクセンブルク'),
	('LV', 'LVA', 'Latvia', 'ラトビア'),
	('LY', 'LBY', 'Libya', 'リビア'),
	('MA', 'MAR', 'Morocco', 'モロッコ'),
	('MC', 'MCO', 'Monaco', 'モナコ'),
	('MD', 'MDA', 'Moldova, Republic of', 'モルドバ共和国'),
	('ME', 'MNE', 'Montenegro', 'モンテネグロ'),
	('MF', 'MAF', 'Saint Martin (French part)', 'サンマルタン (仏領)'),
	('MG', 'MDG', 'Madagascar', 'マダガスカル'),
	('MH', 'MHL', 'Marshall Islands', 'マーシャル諸島'),
	('MK', 'MKD', 'North Macedonia', 'North Macedonia'),
	('ML', 'MLI', 'Mali', 'マリ'),
	('MM', 'MMR', 'Myanmar', 'ミャンマー'),
	('MN', 'MNG', 'Mongolia', 'モンゴル国'),
	('MO', 'MAC', 'Macao', 'マカオ'),
	('MP', 'MNP', 'Northern Mariana Islands', '北マリアナ諸島'),
	('MQ', 'MTQ', 'Martinique', 'マルティニーク'),
	('MR', 'MRT', 'Mauritania', 'モーリタニア'),
	('MS', 'MSR', 'Montserrat', 'モントセラト'),
	('MT', 'MLT', 'Malta', 'マルタ'),
	('MU', 'MUS', 'Mauritius', 'モーリシャス'),
	('MV', 'MDV', 'Maldives', 'モルディブ'),
	('MW', 'MWI', 'Malawi', 'マラウイ'),
	('MX', 'MEX', 'Mexico', 'メキシコ'),
	('MY', 'MYS', 'Malaysia', 'マレーシア'),
	('MZ', 'MOZ', 'Mozambique', 'モザンビーク'),
	('NA', 'NAM', 'Namibia', 'ナミビア'),
	('NC', 'NCL', 'New Caledonia', 'ニューカレドニア'),
	('NE', 'NER', 'Niger', 'ニジェール'),
	('NF', 'NFK', 'Norfolk Island', 'ノーフォーク島'),
	('NG', 'NGA', 'Nigeria', 'ナイジェリア'),
	('NI', 'NIC', 'Nicaragua', 'ニカラグア'),
	('NL', 'NLD', 'Netherlands', 'オランダ'),
	('NO', 'NOR', 'Norway', 'ノルウェー'),
	('NP', 'NPL', 'Nepal', 'ネパール'),
	('NR', 'NRU', 'Nauru', 'ナウル'),
	('NU', 'NIU', 'Niue', 'ニウエ'),
	('NZ', 'NZL', 'New Zealand', 'ニュージーランド'),
	('OM', 'OMN', 'Oman', 'オマーン'),
	('PA', 'PAN', 'Panama', 'パナマ'),
	('PE', 'PER', 'Peru', 'ペルー'),
	('PF', 'PYF', 'French Polynesia', '仏領ポリネシア'),
	('PG', 'PNG', 'Papua New Guinea', 'パプアニューギニア'),
	('PH', 'PHL', 'Philippines', 'フィリピン'),
	('PK', 'PAK', 'Pakistan', 'パキスタン'),
	('PL', 'POL', 'Poland', 'ポーランド'),
	('PM', 'SPM', 'Saint Pierre and Miquelon', 'サンピエール及びミクロン'),
	('PN', 'PCN', 'Pitcairn', 'ピトケアン'),
	('PR', 'PRI', 'Puerto Rico', 'プエルトリコ'),
	('PS', 'PSE', 'Palestine, State of', 'パレスチナ'),
	('PT', 'PRT', 'Portugal', 'ポルトガル'),
	('PW', 'PLW', 'Palau', 'パラオ'),
	('PY', 'PRY', 'Paraguay', 'パラグアイ'),
	('QA', 'QAT', 'Qatar', 'カタール'),
	('RE', 'REU', 'Réunion', 'レユニオン'),
	('RO', 'ROU', 'Romania', 'ルーマニア'),
	('RS', 'SRB', 'Serbia', 'セルビア'),
	('RU', 'RUS', 'Russian Federation', 'ロシア連邦'),
	('RW', 'RWA', 'Rwanda', 'ルワンダ'),
	('SA', 'SAU', 'Saudi Arabia', 'サウジアラビア'),
	('SB', 'SLB', 'Solomon Islands', 'ソロモン諸島'),
	('SC', 'SYC', 'Seychelles', 'セーシェル'),
	('SD', 'SDN', 'Sudan', 'スーダン'),
	('SE', 'SWE', 'Sweden', 'スウェーデン'),
	('SG', 'SGP', 'Singapore', 'シンガポール'),
	('SH', 'SHN', 'Saint Helena, Ascension and Tristan da Cunha', 'セントヘレナ、アセンション及びトリスタン・ダ・クーニャ'),
	('SI', 'SVN', 'Slovenia', 'スロベニア'),
	('SJ', 'SJM', 'Svalbard and Jan Mayen', 'スヴァールバル及びヤンマイエン'),
	('SK', 'SVK', 'Slovakia', 'スロバキア'),
	('SL', 'SLE', 'Sierra Leone', 'シエラレオネ'),
	('SM', 'SMR', 'San Marino', 'サンマリノ'),
	('SN', 'SEN', 'Senegal', 'セネガル'),
	('SO', 'SOM', 'Somalia', 'ソマリア'),
	('SR', 'SUR', 'Suriname', 'スリナム'),
	('SS', 'SSD', 'South Sudan', '南スーダン'),
	('ST', 'STP', 'Sao Tome and Principe', 'サントメ・プリンシペ'),
	('SV', 'SLV', 'El Salvador', 'エルサルバドル'),
	('SX', 'SXM', 'Sint Maarten (Dutch part)', 'サンマルタン (オランダ領)'),
	('SY', 'SYR', 'Syrian Arab Republic', 'シリア・アラブ共和国'),
	('SZ', 'SWZ', 'Eswatini', 'Eswatini'),
	('TC', 'TCA', 'Turks and Caicos Islands', 'タークス及びカイコス諸島'),
	('TD', 'TCD', 'Chad', 'チャド'),
	('TF', 'ATF', 'French Southern Territories', 'フランス南方領土'),
	('TG', 'TGO', 'Togo', 'トーゴ'),
	('TH', 'THA', 'Thailand', 'タイ'),
	('TJ', 'TJK', 'Tajikistan', 'タジキスタン'),
	('TK', 'TKL', 'Tokelau', 'トケラウ'),
	('TL', 'TLS', 'Timor-Leste', '東ティモール'),
	('TM', 'TKM', 'Turkmenistan', 'トルクメニスタン'),
	('TN', 'TUN', 'Tunisia', 'チュニジア'),
	('TO', 'TON', 'Tonga', 'トンガ'),
	('TR', 'TUR', 'Türkiye', 'Türkiye'),
	('TT', 'TTO', 'Trinidad and Tobago', 'トリニダード・トバゴ'),
	('TV', 'TUV', 'Tuvalu', 'ツバル'),
	('TW', 'TWN', 'Taiwan, Province of China', '中国領・台湾'),
	('TZ', 'TZA', 'Tanzania, United Republic of', 'タニザニア連合共和国'),
	('UA', 'UKR', 'Ukraine', 'ウクライナ'),
	('UG', 'UGA', 'Uganda', 'ウガンダ'),
	('UM', 'UMI', 'United States Minor Outlying Islands', 'アメリカ合衆国外諸島'),
	('US', 'USA', 'United States', '米国'),
	('UY', 'URY', 'Uruguay', 'ウルグアイ'),
	('UZ', 'UZB', 'Uzbekistan', 'ウズベキスタン'),
	('VA', 'VAT', 'Holy See (Vatican City State)', '聖庁 (バチカン市国)'),
	('VC', 'VCT', 'Saint Vincent and the Grenadines', 'セントビンセント及びグレナディーン諸島'),
	('VE', 'VEN', 'Venezuela, Bolivarian Republic of', 'ベネズエラ・ボリバル共和国'),
	('VG', 'VGB', 'Virgin Islands, British', '英領ヴァージン諸島'),
	('VI', 'VIR', 'Virgin Islands, U.S.', '米領ヴァージン諸島'),
	('VN', 'VNM', 'Viet Nam', 'ベトナム'),
	('VU', 'VUT', 'Vanuatu', 'バヌアツ'),
	('WF', 'WLF', 'Wallis and Futuna', 'ワリー及びフテュナ'),
	('WS', 'WSM', 'Samoa', 'サモア'),
	('YE', 'YEM', 'Yemen', 'イエメン'),
	('YT', 'MYT', 'Mayotte', 'マヨット'),
	('ZA', 'ZAF', 'South Africa', '南アフリカ'),
	('ZM', 'ZMB', 'Zambia', 'ザンビア'),
	('ZW', 'ZWE', 'Zimbabwe', 'ジンバブエ');

CREATE DOMAIN operation_type AS text
	CHECK (VALUE IN ('pko', 'icops', 'relief', 'election'));
CREATE DOMAIN plan_status AS text CHECK (VALUE IN ('draft', 'approved',
	'in_progress', 'suspended', 'completed', 'terminated'));
-- A UN Security Council resolution (basis_detail: its number), a request
-- of an international organisation (named), or a request of the host
-- country supported by the UN.
CREATE DOMAIN plan_basis AS text CHECK (VALUE IN ('unsc_resolution',
	'organisation_request', 'host_request'));

CREATE TABLE plans (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	title_ja	text NOT NULL CHECK (char_length(title_ja) BETWEEN 1 AND 200),
	title_en	text NOT NULL CHECK (char_length(title_en) BETWEEN 1 AND 200),
	operation	operation_type NOT NULL,
	country		text NOT NULL REFERENCES countries (code),
	area		text NOT NULL DEFAULT '' CHECK (char_length(area) <= 200),
	basis		plan_basis NOT NULL,
	basis_detail	text NOT NULL
			    CHECK (char_length(basis_detail) BETWEEN 1 AND 200),
	mandate_ja	text NOT NULL DEFAULT ''
			    CHECK (char_length(mandate_ja) <= 4000),
	mandate_en	text NOT NULL DEFAULT ''
			    CHECK (char_length(mandate_en) <= 4000),
	cabinet_decision_on date NOT NULL,
	starts_on	date NOT NULL,
	ends_on		date NOT NULL,
	status		plan_status NOT NULL DEFAULT 'draft',
	-- What a suspension returns to when the principles hold again.
	resumes_to	plan_status CHECK (resumes_to IN ('approved',
			    'in_progress')),
	-- Who makes the change being written, and why: the history's.
	changed_by	bigint REFERENCES staff_accounts (id),
	change_reason	text NOT NULL DEFAULT ''
			    CHECK (char_length(change_reason) <= 1000),
	version		integer NOT NULL DEFAULT 1,
	created_at	timestamptz NOT NULL DEFAULT now(),
	updated_at	timestamptz NOT NULL DEFAULT now(),
	CHECK (ends_on >= starts_on),
	CHECK ((status = 'suspended') = (resumes_to IS NOT NULL))
);
CREATE INDEX plans_status ON plans (status, starts_on DESC);

-- The code has the same table (src/plan.c).
CREATE TABLE plan_transitions (
	from_status	plan_status NOT NULL,
	to_status	plan_status NOT NULL,
	PRIMARY KEY (from_status, to_status)
);
INSERT INTO plan_transitions VALUES ('draft', 'approved'),
	('draft', 'terminated'), ('approved', 'in_progress'),
	('approved', 'suspended'), ('approved', 'terminated'),
	('in_progress', 'suspended'), ('in_progress', 'completed'),
	('in_progress', 'terminated'), ('suspended', 'approved'),
	('suspended', 'in_progress'), ('suspended', 'terminated');

CREATE TABLE plan_history (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	plan_id		bigint NOT NULL REFERENCES plans (id),
	at		timestamptz NOT NULL DEFAULT now(),
	account_id	bigint REFERENCES staff_accounts (id),
	from_status	plan_status,
	to_status	plan_status NOT NULL,
	-- An amendment: the period before and after, and its decision.
	old_period	daterange,
	new_period	daterange,
	cabinet_decision_on date,
	reason		text NOT NULL DEFAULT ''
);
CREATE INDEX plan_history_plan ON plan_history (plan_id, at);

-- The Five Principles, as the law states them.
CREATE TABLE principles (
	no	smallint PRIMARY KEY CHECK (no BETWEEN 1 AND 5),
	name_ja	text NOT NULL,
	name_en	text NOT NULL
);
INSERT INTO principles VALUES
	(1, '紛争当事者の間で停戦合意が成立していること',
	    'A ceasefire agreed among the parties to the conflict'),
	(2, '受入れ国及び紛争当事者の同意',
	    'Consent of the host country and the parties to the conflict'),
	(3, '中立的な立場を厳守すること', 'Strict impartiality'),
	(4, '上記の原則のいずれかが満たされない状況が生じた場合には撤収することができること',
	    'Withdrawal should any of the above cease to hold'),
	(5, '武器の使用は要員の生命等の防護のための必要最小限のものを基本',
	    'Use of weapons limited to the minimum necessary');

CREATE TABLE plan_principles (
	plan_id		bigint NOT NULL REFERENCES plans (id),
	principle	smallint NOT NULL REFERENCES principles (no),
	satisfied	boolean NOT NULL,
	confirmed_on	date NOT NULL,
	evidence	text NOT NULL DEFAULT ''
			    CHECK (char_length(evidence) <= 2000),
	confirmed_by	bigint REFERENCES staff_accounts (id),
	updated_at	timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (plan_id, principle)
);

CREATE TABLE positions (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	plan_id		bigint NOT NULL REFERENCES plans (id),
	title_ja	text NOT NULL CHECK (char_length(title_ja) BETWEEN 1 AND 200),
	title_en	text NOT NULL CHECK (char_length(title_en) BETWEEN 1 AND 200),
	duty_station	text NOT NULL
			    CHECK (char_length(duty_station) BETWEEN 1 AND 200),
	headcount	integer NOT NULL CHECK (headcount BETWEEN 1 AND 1000),
	starts_on	date NOT NULL,
	ends_on		date NOT NULL,
	-- Any of these fields of expertise (none: any).
	expertise	expertise_set NOT NULL DEFAULT '{}',
	-- Languages as 'code:level', the level a minimum.
	languages	text[] NOT NULL DEFAULT '{}',
	created_at	timestamptz NOT NULL DEFAULT now(),
	updated_at	timestamptz NOT NULL DEFAULT now(),
	CHECK (ends_on >= starts_on)
);
CREATE INDEX positions_plan ON positions (plan_id);

CREATE TABLE position_courses (
	position_id	bigint NOT NULL REFERENCES positions (id) ON DELETE CASCADE,
	course_id	bigint NOT NULL REFERENCES courses (id),
	PRIMARY KEY (position_id, course_id)
);

-- Availability inquiries: who was asked about a position, and what they
-- answered.
CREATE TABLE inquiries (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	position_id	bigint NOT NULL REFERENCES positions (id),
	application_id	bigint NOT NULL REFERENCES applications (id)
			    ON DELETE CASCADE,
	asked_by	bigint REFERENCES staff_accounts (id),
	asked_at	timestamptz NOT NULL DEFAULT now(),
	answer		text CHECK (answer IN ('available', 'unavailable')),
	note		text NOT NULL DEFAULT '' CHECK (char_length(note) <= 1000),
	answered_at	timestamptz,
	UNIQUE (position_id, application_id),
	CHECK ((answer IS NULL) = (answered_at IS NULL))
);
CREATE INDEX inquiries_person ON inquiries (application_id);

CREATE DOMAIN assignment_status AS text CHECK (VALUE IN ('proposed',
	'confirmed', 'dispatched', 'completed', 'terminated', 'withdrawn'));

CREATE TABLE assignment_transitions (
	from_status	assignment_status NOT NULL,
	to_status	assignment_status NOT NULL,
	PRIMARY KEY (from_status, to_status)
);
INSERT INTO assignment_transitions VALUES ('proposed', 'confirmed'),
	('proposed', 'withdrawn'), ('confirmed', 'dispatched'),
	('confirmed', 'withdrawn'), ('dispatched', 'completed'),
	('dispatched', 'terminated'), ('proposed', 'terminated'),
	('confirmed', 'terminated');

-- What a reviewer may assign anyway, once acknowledged.
CREATE DOMAIN assignment_warnings AS text[] CHECK (VALUE <@ ARRAY[
	'longer_than_stated', 'before_earliest_start',
	'answered_unavailable']::text[]);

CREATE TABLE assignments (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	position_id	bigint NOT NULL REFERENCES positions (id),
	plan_id		bigint NOT NULL REFERENCES plans (id),
	application_id	bigint NOT NULL REFERENCES applications (id)
			    ON DELETE CASCADE,
	starts_on	date NOT NULL,
	ends_on		date NOT NULL,
	status		assignment_status NOT NULL DEFAULT 'proposed',
	acknowledged	assignment_warnings NOT NULL DEFAULT '{}',
	assigned_by	bigint REFERENCES staff_accounts (id),
	end_reason	text CHECK (char_length(end_reason) BETWEEN 1 AND 1000),
	ended_on	date,
	returned_on	date,
	debrief		text CHECK (char_length(debrief) <= 4000),
	created_at	timestamptz NOT NULL DEFAULT now(),
	updated_at	timestamptz NOT NULL DEFAULT now(),
	CHECK (ends_on >= starts_on),
	CONSTRAINT assignments_no_overlap EXCLUDE USING gist
	    (application_id WITH =, daterange(starts_on, ends_on, '[]') WITH &&)
	    WHERE (status IN ('proposed', 'confirmed', 'dispatched'))
);
CREATE INDEX assignments_position ON assignments (position_id, status);
CREATE INDEX assignments_plan ON assignments (plan_id, starts_on);
CREATE INDEX assignments_person ON assignments (application_id, starts_on);

-- Mail: an inquiry about a position, and the end of an assignment when
-- its plan is terminated.
ALTER TABLE mail_outbox DROP CONSTRAINT mail_outbox_kind_check;
ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_kind_check
	CHECK (kind IN ('receipt', 'status_changed', 'lost_link',
	    'nomination_message', 'nomination_decision',
	    'training_invitation', 'training_reminder', 'training_cancelled',
	    'assignment_inquiry', 'assignment_ended'));

-- Raises check_violation named constraint c with message m: a refusal the
-- application turns into words by the constraint's name.
CREATE FUNCTION plan_refuse(c text, m text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION '%', m USING ERRCODE = 'check_violation',
	    CONSTRAINT = c;
END
$$;

-- Whether all five principles are recorded as satisfied for plan p.
CREATE FUNCTION plan_principles_hold(p bigint) RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT count(*) = 5 FROM plan_principles
	WHERE plan_id = p AND satisfied
$$;

-- Before a plan changes: its status follows plan_transitions, approval
-- needs the five principles, and a period may not leave a position or
-- an open assignment outside it.
CREATE FUNCTION plans_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	IF NEW.status <> OLD.status AND NOT EXISTS (SELECT FROM
	    plan_transitions WHERE from_status = OLD.status
	    AND to_status = NEW.status) THEN
		PERFORM plan_refuse('plans_transition', format(
		    'plan status %s -> %s is not allowed', OLD.status,
		    NEW.status));
	END IF;
	IF NEW.status IN ('approved', 'in_progress')
	    AND OLD.status IN ('draft', 'suspended')
	    AND NOT plan_principles_hold(NEW.id) THEN
		PERFORM plan_refuse('plans_principles',
		    'the five principles are not all satisfied');
	END IF;
	IF (NEW.starts_on, NEW.ends_on) <> (OLD.starts_on, OLD.ends_on)
	    AND EXISTS (SELECT FROM positions WHERE plan_id = NEW.id
	    AND (starts_on < NEW.starts_on OR ends_on > NEW.ends_on)) THEN
		PERFORM plan_refuse('plans_period_positions',
		    'a position falls outside the new period');
	END IF;
	IF (NEW.starts_on, NEW.ends_on) <> (OLD.starts_on, OLD.ends_on)
	    AND EXISTS (SELECT FROM assignments WHERE plan_id = NEW.id
	    AND status IN ('proposed', 'confirmed', 'dispatched')
	    AND (starts_on < NEW.starts_on OR ends_on > NEW.ends_on)) THEN
		PERFORM plan_refuse('plans_period_assignments',
		    'an assignment falls outside the new period');
	END IF;
	NEW.resumes_to := CASE WHEN NEW.status = 'suspended' THEN
	    coalesce(NEW.resumes_to, OLD.resumes_to, OLD.status) END;
	NEW.version := OLD.version + 1;
	NEW.updated_at := now();
	RETURN NEW;
END
$$;
CREATE TRIGGER plans_check BEFORE UPDATE ON plans
	FOR EACH ROW EXECUTE FUNCTION plans_check();

-- After a plan is written: its history (creation, status, amendment),
-- and a termination ends the open assignments and tells the people.
CREATE FUNCTION plans_after() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
	moved boolean := TG_OP = 'UPDATE' AND (NEW.starts_on, NEW.ends_on)
	    <> (OLD.starts_on, OLD.ends_on);
BEGIN
	IF TG_OP = 'INSERT' OR NEW.status <> OLD.status OR moved THEN
		INSERT INTO plan_history (plan_id, account_id, from_status,
		    to_status, old_period, new_period, cabinet_decision_on,
		    reason)
		VALUES (NEW.id, NEW.changed_by, CASE WHEN TG_OP = 'UPDATE'
		    THEN OLD.status END, NEW.status, CASE WHEN moved THEN
		    daterange(OLD.starts_on, OLD.ends_on, '[]') END,
		    CASE WHEN moved THEN daterange(NEW.starts_on, NEW.ends_on,
		    '[]') END, CASE WHEN moved OR TG_OP = 'INSERT' THEN
		    NEW.cabinet_decision_on END, NEW.change_reason);
	END IF;
	IF TG_OP = 'UPDATE' AND NEW.status = 'terminated'
	    AND OLD.status <> 'terminated' THEN
		WITH ended AS (UPDATE assignments SET status = 'terminated',
		    end_reason = coalesce(nullif(NEW.change_reason, ''),
		    'plan terminated'), ended_on = current_date
		    WHERE plan_id = NEW.id
		    AND status IN ('proposed', 'confirmed', 'dispatched')
		    RETURNING application_id)
		INSERT INTO mail_outbox (kind, lang, recipient, application_id,
		    data)
		SELECT 'assignment_ended', a.lang, a.email, a.id,
		    jsonb_build_object('reference', a.reference, 'plan',
		    CASE a.lang WHEN 'en' THEN NEW.title_en
		    ELSE NEW.title_ja END)
		FROM ended JOIN applications a ON a.id = ended.application_id
		WHERE NOT a.mail_opt_out;
	END IF;
	RETURN NULL;
END
$$;
CREATE TRIGGER plans_after AFTER INSERT OR UPDATE ON plans
	FOR EACH ROW EXECUTE FUNCTION plans_after();

-- A principle recorded as not satisfied suspends an approved or running
-- plan at once (principle 4); all five satisfied again lifts the
-- suspension.  The plan's row lock orders this with the assignments.
CREATE FUNCTION plan_principles_after() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
	p plans;
BEGIN
	SELECT * INTO p FROM plans WHERE id = NEW.plan_id FOR UPDATE;
	IF NOT NEW.satisfied AND p.status IN ('approved', 'in_progress') THEN
		UPDATE plans SET status = 'suspended', changed_by =
		    NEW.confirmed_by, change_reason = format(
		    'principle %s no longer satisfied', NEW.principle)
		    WHERE id = p.id;
	ELSIF NEW.satisfied AND p.status = 'suspended'
	    AND plan_principles_hold(p.id) THEN
		UPDATE plans SET status = p.resumes_to, changed_by =
		    NEW.confirmed_by, change_reason = format(
		    'principle %s satisfied again', NEW.principle)
		    WHERE id = p.id;
	END IF;
	RETURN NULL;
END
$$;
CREATE TRIGGER plan_principles_after AFTER INSERT OR UPDATE ON plan_principles
	FOR EACH ROW EXECUTE FUNCTION plan_principles_after();

-- A position lies inside its plan's period.
CREATE FUNCTION positions_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	IF NOT EXISTS (SELECT FROM plans WHERE id = NEW.plan_id
	    AND starts_on <= NEW.starts_on AND ends_on >= NEW.ends_on) THEN
		PERFORM plan_refuse('positions_period',
		    'the position falls outside the plan''s period');
	END IF;
	IF TG_OP = 'UPDATE' AND EXISTS (SELECT FROM assignments WHERE
	    position_id = NEW.id AND status IN ('proposed', 'confirmed',
	    'dispatched') AND (starts_on < NEW.starts_on
	    OR ends_on > NEW.ends_on)) THEN
		PERFORM plan_refuse('positions_period_assignments',
		    'an assignment falls outside the new period');
	END IF;
	NEW.updated_at := now();
	RETURN NEW;
END
$$;
CREATE TRIGGER positions_check BEFORE INSERT OR UPDATE ON positions
	FOR EACH ROW EXECUTE FUNCTION positions_check();

-- The warnings an assignment of application aid to position pid from s
-- to e raises: longer than the person's longest period, before their
-- earliest start, an answer "not available" to an inquiry about it.
CREATE FUNCTION assignment_warnings_of(pid bigint, aid bigint, s date,
    e date) RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
	SELECT array_remove(ARRAY[
	    CASE WHEN e >= (s + make_interval(months => a.max_months))::date
		THEN 'longer_than_stated' END,
	    CASE WHEN s < a.earliest_start THEN 'before_earliest_start' END,
	    CASE WHEN EXISTS (SELECT FROM inquiries i WHERE i.position_id = pid
		AND i.application_id = aid AND i.answer = 'unavailable')
		THEN 'answered_unavailable' END], NULL)
	FROM applications a WHERE a.id = aid
$$;

-- Before an assignment is made or moved: every refusal of the issue, in
-- the order a reviewer would fix them.  The position's row lock
-- serialises assignments to it, so the headcount holds under
-- concurrency; the plan's share lock keeps a suspension from passing an
-- assignment made at the same moment.
CREATE FUNCTION assignments_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
	pos positions;
	pl plans;
	missing text;
BEGIN
	SELECT * INTO pos FROM positions WHERE id = NEW.position_id
	    FOR UPDATE;
	SELECT * INTO pl FROM plans WHERE id = pos.plan_id FOR SHARE;
	NEW.plan_id := pos.plan_id;
	NEW.updated_at := now();
	IF TG_OP = 'UPDATE' AND NEW.status <> OLD.status AND NOT EXISTS (
	    SELECT FROM assignment_transitions WHERE from_status = OLD.status
	    AND to_status = NEW.status) THEN
		PERFORM plan_refuse('assignments_transition', format(
		    'assignment status %s -> %s is not allowed', OLD.status,
		    NEW.status));
	END IF;
	IF NEW.status NOT IN ('proposed', 'confirmed', 'dispatched') THEN
		RETURN NEW;
	END IF;
	IF pl.status NOT IN ('approved', 'in_progress')
	    AND (TG_OP = 'INSERT' OR NEW.status = 'dispatched'
	    AND OLD.status <> 'dispatched' OR NEW.starts_on <> OLD.starts_on
	    OR NEW.ends_on <> OLD.ends_on) THEN
		PERFORM plan_refuse('assignments_plan_open', format(
		    'plan %s is %s', pl.id, pl.status));
	END IF;
	IF TG_OP = 'UPDATE' AND (NEW.starts_on, NEW.ends_on,
	    NEW.application_id) = (OLD.starts_on, OLD.ends_on,
	    OLD.application_id) THEN
		RETURN NEW;
	END IF;
	-- One person's assignments are serialised on their row: two
	-- overlapping ones inserted at once would each wait for the other in
	-- the exclusion constraint's check (a deadlock, not a refusal).
	PERFORM FROM applications WHERE id = NEW.application_id
	    FOR NO KEY UPDATE;
	IF NOT EXISTS (SELECT FROM applications WHERE id = NEW.application_id
	    AND status = 'accepted') THEN
		PERFORM plan_refuse('assignments_accepted_only',
		    'the person is not accepted');
	END IF;
	IF NEW.starts_on < pos.starts_on OR NEW.ends_on > pos.ends_on THEN
		PERFORM plan_refuse('assignments_period',
		    'the dates fall outside the position''s');
	END IF;
	SELECT string_agg(c.code, ', ' ORDER BY c.code) INTO missing
	FROM position_courses pc JOIN courses c ON c.id = pc.course_id
	WHERE pc.position_id = pos.id AND NOT EXISTS (SELECT FROM
	    certificates ce WHERE ce.application_id = NEW.application_id
	    AND ce.course_id = pc.course_id
	    AND ce.completed_on <= NEW.starts_on
	    AND (ce.valid_until IS NULL OR ce.valid_until >= NEW.starts_on));
	IF missing IS NOT NULL THEN
		PERFORM plan_refuse('assignments_training', format(
		    'no certificate valid on %s for %s', NEW.starts_on,
		    missing));
	END IF;
	IF TG_OP = 'INSERT' AND (SELECT count(*) FROM assignments WHERE
	    position_id = pos.id AND status IN ('proposed', 'confirmed',
	    'dispatched')) >= pos.headcount THEN
		PERFORM plan_refuse('assignments_headcount',
		    'the position''s headcount is full');
	END IF;
	IF NOT assignment_warnings_of(pos.id, NEW.application_id,
	    NEW.starts_on, NEW.ends_on) <@ NEW.acknowledged THEN
		PERFORM plan_refuse('assignments_unacknowledged', format(
		    'warnings not acknowledged: %s', array_to_string(
		    assignment_warnings_of(pos.id, NEW.application_id,
		    NEW.starts_on, NEW.ends_on), ', ')));
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER assignments_check BEFORE INSERT OR UPDATE ON assignments
	FOR EACH ROW EXECUTE FUNCTION assignments_check();

-- A dispatch moves an approved plan to in progress.
CREATE FUNCTION assignments_dispatched() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	UPDATE plans SET status = 'in_progress', changed_by =
	    NEW.assigned_by, change_reason = 'first dispatch'
	    WHERE id = NEW.plan_id AND status = 'approved';
	RETURN NULL;
END
$$;
CREATE TRIGGER assignments_dispatched AFTER UPDATE OF status ON assignments
	FOR EACH ROW WHEN (NEW.status = 'dispatched'
	AND OLD.status <> 'dispatched')
	EXECUTE FUNCTION assignments_dispatched();

GRANT SELECT ON countries, plans, plan_transitions, plan_history, principles,
	plan_principles, positions, position_courses, inquiries,
	assignment_transitions, assignments TO corps_app;
GRANT INSERT (title_ja, title_en, operation, country, area, basis,
	basis_detail, mandate_ja, mandate_en, cabinet_decision_on, starts_on,
	ends_on, changed_by, change_reason) ON plans TO corps_app;
GRANT UPDATE (title_ja, title_en, area, basis, basis_detail, mandate_ja,
	mandate_en, cabinet_decision_on, starts_on, ends_on, status,
	changed_by, change_reason) ON plans TO corps_app;
GRANT INSERT (plan_id, principle, satisfied, confirmed_on, evidence,
	confirmed_by), UPDATE (satisfied, confirmed_on, evidence, confirmed_by,
	updated_at) ON plan_principles TO corps_app;
GRANT INSERT (plan_id, title_ja, title_en, duty_station, headcount,
	starts_on, ends_on, expertise, languages), UPDATE (title_ja, title_en,
	duty_station, headcount, starts_on, ends_on, expertise, languages)
	ON positions TO corps_app;
GRANT INSERT, DELETE ON position_courses TO corps_app;
GRANT INSERT (position_id, application_id, asked_by), UPDATE (answer, note,
	answered_at) ON inquiries TO corps_app;
GRANT INSERT (position_id, application_id, starts_on, ends_on, acknowledged,
	assigned_by), UPDATE (starts_on, ends_on, status, acknowledged,
	end_reason, ended_on, returned_on, debrief) ON assignments TO corps_app;

-- migrate:down
DROP TABLE assignments, assignment_transitions, inquiries, position_courses,
	positions, plan_principles, principles, plan_history, plan_transitions,
	plans, countries;
DROP FUNCTION assignments_check(), assignments_dispatched(),
	assignment_warnings_of(bigint, bigint, date, date), positions_check(),
	plan_principles_after(), plans_after(), plans_check(),
	plan_principles_hold(bigint), plan_refuse(text, text);
DROP DOMAIN assignment_warnings, assignment_status, plan_basis, plan_status,
	operation_type;
ALTER TABLE mail_outbox DROP CONSTRAINT mail_outbox_kind_check;
ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_kind_check
	CHECK (kind IN ('receipt', 'status_changed', 'lost_link',
	    'nomination_message', 'nomination_decision',
	    'training_invitation', 'training_reminder', 'training_cancelled'));
