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

-- The fields every request shares, encoded once per thread.
local function fixed_part()
	local fields = {
		{ "family_kanji", "山田" }, { "given_kanji", "花子" },
		{ "family_kana", "ヤマダ" }, { "given_kana", "ハナコ" },
		{ "family_romaji", "YAMADA" }, { "given_romaji", "HANAKO" },
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
	fixed = fixed_part()
	wrk.method = "POST"
	wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

function request()
	counter = counter + 1
	local token = base64url(random_bytes(32))
	local email = string.format("bench.%s.%d@example.jp",
	    hex(random_bytes(6)), counter)
	-- Different people: a birth date of their own, so that duplicate
	-- detection finds what it would find in real life (little).
	local birth = string.format("%d-%02d-%02d", math.random(1950, 2004),
	    math.random(1, 12), math.random(1, 28))
	local body = "form_token=" .. token .. "&email=" .. enc(email) ..
	    "&birth_date=" .. birth .. "&" .. fixed
	return wrk.format(nil, nil, nil, body)
end
