/*
 * types.h - SQL types, values and column vectors, shared by the reader
 * (which fills vectors), the engine (which computes on them) and the
 * writers (which print them).
 *
 * The logical types are Athena's (Trino's).  Physically there are only a
 * few layouts:
 *
 *   BOOLEAN                      uint8_t  (0/1)
 *   INTEGER, BIGINT              int64_t  (INTEGER is range-checked to 32 bits)
 *   DOUBLE                       double
 *   VARCHAR                      struct fq_str (pointer + length, owned elsewhere)
 *   TIMESTAMP                    int64_t  milliseconds since the Unix epoch, UTC
 *   DATE                         int64_t  days since the Unix epoch
 *   INTERVAL DAY TO SECOND       int64_t  milliseconds
 *   INTERVAL YEAR TO MONTH       int64_t  months
 *   IPADDRESS                    struct fq_ip (16 bytes, IPv4 as ::ffff:a.b.c.d)
 *
 * A vector is one column of a batch: a type, a data array of `cap` slots
 * and an optional null map (nulls[i] != 0 means row i is NULL; a NULL
 * `nulls` pointer means no row is NULL).  Vectors do not own string bytes.
 */
#ifndef FQ_TYPES_H
#define FQ_TYPES_H

#include "base.h"

enum fq_type {
	T_UNKNOWN = 0, /* the type of a bare NULL literal */
	T_BOOLEAN,
	T_INTEGER,
	T_BIGINT,
	T_DOUBLE,
	T_VARCHAR,
	T_TIMESTAMP,
	T_DATE,
	T_INTERVAL_DS,
	T_INTERVAL_YM,
	T_IPADDRESS,
	T_TYPE_COUNT
};

/* Athena's name for a type ("bigint", "varchar", "timestamp", ...). */
const char *type_name(enum fq_type t);
/* Parse a SQL type name (case-insensitive; "int", "integer", "varchar(10)",
 * "string", "timestamp(3)", "decimal(10,2)" -> double); T_UNKNOWN if unknown. */
enum fq_type type_from_name(const char *name, size_t len);

static inline bool type_is_int(enum fq_type t)
{
	return t == T_INTEGER || t == T_BIGINT;
}
static inline bool type_is_numeric(enum fq_type t)
{
	return t == T_INTEGER || t == T_BIGINT || t == T_DOUBLE;
}
/* Physical layout: true when the slot is an int64_t. */
static inline bool type_is_i64(enum fq_type t)
{
	return t == T_INTEGER || t == T_BIGINT || t == T_TIMESTAMP || t == T_DATE ||
	       t == T_INTERVAL_DS || t == T_INTERVAL_YM;
}

struct fq_ip {
	uint8_t b[16];
};

/* One scalar value (constants, per-row function arguments, results). */
struct fq_value {
	enum fq_type type;
	bool is_null;
	union {
		bool b;
		int64_t i;
		double d;
		struct fq_str s;
		struct fq_ip ip;
	};
};

struct vec {
	enum fq_type type;
	uint32_t cap;
	uint8_t *nulls; /* NULL: no nulls; else cap bytes */
	union {
		void *data;
		uint8_t *b;
		int64_t *i64;
		double *f64;
		struct fq_str *s;
		struct fq_ip *ip;
	};
	/* Optional, address columns from the reader: the row's text as a packed
	 * IPv4 address (a.b.c.d -> a<<24|b<<16|c<<8|d) when it is a canonical
	 * dotted quad, else -1.  NULL when not computed.  Lets hashing skip
	 * re-parsing the text. */
	int64_t *v4;
};

/*
 * A batch: up to `cap` rows of n_cols column vectors.  What the strings
 * point at is valid until the producer is asked for its next batch.
 */
struct src_file;
struct batch {
	uint32_t n;
	uint32_t cap;
	uint32_t n_cols;
	struct vec *cols;
	const struct src_file *file; /* the file the rows came from (NULL for derived batches) */
};

/* Bytes per slot of a type. */
size_t type_slot_size(enum fq_type t);

static inline bool vec_is_null(const struct vec *v, uint32_t i)
{
	return v->nulls && v->nulls[i];
}

/* Read row i of v into a value (strings still point where the vector's do). */
void vec_get(const struct vec *v, uint32_t i, struct fq_value *out);
/* Write a value into row i (allocating the null map from `a` on first NULL). */
bool vec_set(struct vec *v, uint32_t i, const struct fq_value *val, struct arena *a);

/* ---- value helpers --------------------------------------------------- */

static inline struct fq_value val_null(enum fq_type t)
{
	struct fq_value v;
	memset(&v, 0, sizeof v);
	v.type = t;
	v.is_null = true;
	return v;
}
static inline struct fq_value val_int(enum fq_type t, int64_t i)
{
	struct fq_value v;
	memset(&v, 0, sizeof v);
	v.type = t;
	v.i = i;
	return v;
}
static inline struct fq_value val_double(double d)
{
	struct fq_value v;
	memset(&v, 0, sizeof v);
	v.type = T_DOUBLE;
	v.d = d;
	return v;
}
static inline struct fq_value val_bool(bool b)
{
	struct fq_value v;
	memset(&v, 0, sizeof v);
	v.type = T_BOOLEAN;
	v.b = b;
	return v;
}
static inline struct fq_value val_str(struct fq_str s)
{
	struct fq_value v;
	memset(&v, 0, sizeof v);
	v.type = T_VARCHAR;
	v.s = s;
	return v;
}

/*
 * Compare two non-NULL values of the same type (Athena order: varchar
 * byte-wise, booleans false < true, addresses as 16-byte big-endian).
 * Returns <0, 0, >0.
 */
int val_cmp(const struct fq_value *a, const struct fq_value *b);
uint64_t val_hash(const struct fq_value *v);

/*
 * Render a value the way Athena's console shows it (NULL as the caller
 * decides; timestamps "2026-02-13 00:05:00.000"; doubles per Trino;
 * intervals "1 00:00:00.000").  Appends to b; false on allocation failure.
 */
bool val_format(const struct fq_value *v, struct buf *b);

extern const char fq_digit_pairs[201]; /* "00" "01" ... "99" */
extern const uint64_t fq_pow10[20];    /* 1, 10, ... 10^19 */

/* An integer's decimal text at o (room for 20 bytes); returns its length.
 * The digit count first (from the bit length, corrected by one power of
 * ten), then two digits per division written from the end.  Inline: the
 * writers call it for every integer cell. */
static inline size_t int_format(int64_t x, char *o)
{
	uint64_t u = x < 0 ? (uint64_t)0 - (uint64_t)x : (uint64_t)x;
	size_t sign = x < 0;
	o[0] = '-'; /* a digit overwrites it when x >= 0: no branch on the sign */
	/* u | 1 has u's digit count, and one digit for 0 */
	unsigned t = (unsigned)(64 - __builtin_clzll(u | 1)) * 1233 >> 12;
	size_t n = t + ((u | 1) >= fq_pow10[t]);
	char *d = o + sign + n;
	while (u >= 100) {
		unsigned k = (unsigned)(u % 100) * 2;
		u /= 100;
		d -= 2;
		memcpy(d, fq_digit_pairs + k, 2);
	}
	if (u >= 10)
		memcpy(d - 2, fq_digit_pairs + u * 2, 2);
	else
		d[-1] = (char)('0' + u);
	return sign + n;
}

/* ---- addresses and time (shared by reader, functions, writers) ------- */

/* A canonical dotted quad (no leading zeros) into its 4 bytes; false otherwise. */
bool ip4_from_text(const char *p, size_t n, uint8_t out[4]);
/* The four octets as a dotted quad into out (16 bytes); returns the length. */
size_t ip4_format(const uint8_t b[4], char *out);
/* Parse IPv4 dotted quad or IPv6 text; false when not an address. */
bool ip_parse(const char *p, size_t n, struct fq_ip *out);
/* Canonical text (IPv4 dotted, IPv6 RFC 5952) into out (>= 46 bytes); returns length. */
size_t ip_format(const struct fq_ip *ip, char *out);
static inline bool ip_is_v4(const struct fq_ip *ip)
{
	static const uint8_t pfx[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
	return memcmp(ip->b, pfx, 12) == 0;
}

/* Civil date <-> days since 1970-01-01 (proleptic Gregorian). */
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);
void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d);

#endif
