-- deploy/bench.d/post-apply.lua: POST /apply with a complete, valid
-- urlencoded application.  Every request is a new submission: the form
-- token is stateless (32 random bytes, base64url, 43 characters), so a
-- fresh random one per request, and the e-mail address is unique too.
dofile("common.lua")
bench_name = "POST/apply"

local B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
local urandom = assert(io.open("/dev/urandom", "rb"))
local counter = 0
local fixed

-- Percent-encodes a UTF-8 string for application/x-www-form-urlencoded.
local function enc(s)
	return (s:gsub("[^%w%-%._~]", function(c)
		return string.format("%%%02X", string.byte(c))
	end))
end

-- Returns n random bytes from /dev/urandom.
local function random_bytes(n)
	return urandom:read(n)
end

-- Returns the lower-case hex encoding of a string.
local function hex(s)
	return (s:gsub(".", function(c)
		return string.format("%02x", c:byte())
	end))
end

-- Returns the base64url encoding, without padding, of a string.
local function base64url(s)
	local out, bits, nbits = {}, 0, 0
	for i = 1, #s do
		bits = bits * 256 + s:byte(i)
		nbits = nbits + 8
		while nbits >= 6 do
			nbits = nbits - 6
			local v = math.floor(bits / 2 ^ nbits)
			bits = bits - v * 2 ^ nbits
			table.insert(out, B64:sub(v + 1, v + 1))
		end
	end
	if nbits > 0 then
		local v = bits * 2 ^ (6 - nbits)
		table.insert(out, B64:sub(v + 1, v + 1))
	end
	return table.concat(out)
end

-- A date n days after today in Japan, as YYYY-MM-DD.
local function jst_date(days)
	return os.date("!%Y-%m-%d", os.time() + 9 * 3600 + days * 86400)
end

-- Family and given names (kanji, katakana, romaji), combined at random so
-- that, as in real intake, few applicants share a name and a birth date.
local FAMILY = {
	{ "佐藤", "サトウ", "SATO" }, { "鈴木", "スズキ", "SUZUKI" },
	{ "高橋", "タカハシ", "TAKAHASHI" }, { "田中", "タナカ", "TANAKA" },
	{ "伊藤", "イトウ", "ITO" }, { "渡辺", "ワタナベ", "WATANABE" },
	{ "山本", "ヤマモト", "YAMAMOTO" }, { "中村", "ナカムラ", "NAKAMURA" },
	{ "小林", "コバヤシ", "KOBAYASHI" }, { "加藤", "カトウ", "KATO" },
	{ "吉田", "ヨシダ", "YOSHIDA" }, { "山田", "ヤマダ", "YAMADA" },
	{ "佐々木", "ササキ", "SASAKI" }, { "山口", "ヤマグチ", "YAMAGUCHI" },
	{ "松本", "マツモト", "MATSUMOTO" }, { "井上", "イノウエ", "INOUE" },
	{ "木村", "キムラ", "KIMURA" }, { "林", "ハヤシ", "HAYASHI" },
	{ "斎藤", "サイトウ", "SAITO" }, { "清水", "シミズ", "SHIMIZU" },
}
local GIVEN = {
	{ "花子", "ハナコ", "HANAKO" }, { "太郎", "タロウ", "TARO" },
	{ "陽菜", "ヒナ", "HINA" }, { "蓮", "レン", "REN" },
	{ "結衣", "ユイ", "YUI" }, { "湊", "ミナト", "MINATO" },
	{ "美咲", "ミサキ", "MISAKI" }, { "大翔", "ヒロト", "HIROTO" },
	{ "さくら", "サクラ", "SAKURA" }, { "健", "ケン", "KEN" },
	{ "愛", "アイ", "AI" }, { "翔太", "ショウタ", "SHOTA" },
	{ "由美", "ユミ", "YUMI" }, { "直樹", "ナオキ", "NAOKI" },
	{ "恵", "メグミ", "MEGUMI" }, { "誠", "マコト", "MAKOTO" },
	{ "彩", "アヤ", "AYA" }, { "拓也", "タクヤ", "TAKUYA" },
	{ "真由美", "マユミ", "MAYUMI" }, { "浩", "ヒロシ", "HIROSHI" },
}

-- Returns the encoded name fields of a random family and given name.
local function name_part()
	local f = FAMILY[math.random(#FAMILY)]
	local g = GIVEN[math.random(#GIVEN)]
	return "family_kanji=" .. enc(f[1]) .. "&family_kana=" .. enc(f[2]) ..
	    "&family_romaji=" .. f[3] .. "&given_kanji=" .. enc(g[1]) ..
	    "&given_kana=" .. enc(g[2]) .. "&given_romaji=" .. g[3]
end

-- The fields every request shares, encoded once per thread.
local function fixed_part()
	local fields = {
		{ "gender", "female" },
		{ "nationality", "yes" }, { "phone", "090-1234-5678" },
		{ "postcode", "100-0001" }, { "prefecture", "13" },
		{ "address", "千代田区千代田1-1" }, { "lang_en", "fluent" },
		{ "expertise", "logistics" }, { "expertise", "medical" },
		{ "operations", "pko" },
		{ "earliest_start", jst_date(60) }, { "max_months", "12" },
		{ "emergency_name", "山田太郎" },
		{ "emergency_relation", "父" },
		{ "emergency_phone", "03-1234-5678" },
		{ "privacy", "1" }, { "declaration", "1" },
	}
	local parts = {}
	for _, f in ipairs(fields) do
		table.insert(parts, enc(f[1]) .. "=" .. enc(f[2]))
	end
	return table.concat(parts, "&")
end

function init(args)
	-- Each thread its own sequence, or threads would submit the same people.
	local b = random_bytes(4)
	math.randomseed(((b:byte(1) * 256 + b:byte(2)) * 256 + b:byte(3)) * 256 +
	    b:byte(4))
	fixed = fixed_part()
	wrk.method = "POST"
	wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

function request()
	counter = counter + 1
	local token = base64url(random_bytes(32))
	local email = string.format("bench.%s.%d@example.jp",
	    hex(random_bytes(6)), counter)
	-- Different people: a name and a birth date of their own, so that
	-- duplicate detection finds what it would find in real life (little).
	local birth = string.format("%d-%02d-%02d", math.random(1950, 2004),
	    math.random(1, 12), math.random(1, 28))
	local body = "form_token=" .. token .. "&email=" .. enc(email) ..
	    "&birth_date=" .. birth .. "&" .. name_part() .. "&" .. fixed
	return wrk.format(nil, nil, nil, body)
end
