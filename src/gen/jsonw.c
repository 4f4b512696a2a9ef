/*
 * jsonw.c - the small JSON writer behind the inventory files and the
 * manifest of `flowq generate`.
 *
 * It prints the way the AWS CLI does (`--output json`): four spaces per
 * level, `"Key": value`, one member per line, and an empty array as `[]`.
 * State is a stack of "nothing written yet at this depth" flags, so the
 * caller only says begin/value/end and the commas and newlines follow.
 * Errors are sticky: after a failed allocation every call is a no-op and
 * ok stays false, which the caller checks once at the end.
 */
#include "gen/gen_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

void jw_init(struct jw *j, struct buf *b)
{
	j->b = b;
	j->depth = 0;
	j->first[0] = true;
	j->ok = true;
}

static void put(struct jw *j, const char *p, size_t n)
{
	if (j->ok && !buf_add(j->b, p, n))
		j->ok = false;
}

static void puts_(struct jw *j, const char *z)
{
	put(j, z, strlen(z));
}

static void indent(struct jw *j)
{
	static const char spaces[] = "                                ";
	for (int i = 0; i < j->depth; i++)
		put(j, spaces, 4);
}

static void quoted(struct jw *j, const char *z)
{
	put(j, "\"", 1);
	for (const char *p = z; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '"' || c == '\\') {
			char e[2] = {'\\', (char)c};
			put(j, e, 2);
		} else if (c < 0x20) {
			char e[8];
			snprintf(e, sizeof e, "\\u%04x", c);
			puts_(j, e);
		} else {
			put(j, p, 1);
		}
	}
	put(j, "\"", 1);
}

/* Start a member or element: comma, newline, indent, key. */
static void member(struct jw *j, const char *key)
{
	if (j->depth > 0) {
		if (!j->first[j->depth])
			put(j, ",", 1);
		put(j, "\n", 1);
		indent(j);
	}
	j->first[j->depth] = false;
	if (key) {
		quoted(j, key);
		put(j, ": ", 2);
	}
}

static void open_(struct jw *j, const char *key, char c)
{
	member(j, key);
	put(j, &c, 1);
	if (j->depth + 1 >= (int)FQ_ARRAY_LEN(j->first)) {
		j->ok = false;
		return;
	}
	j->depth++;
	j->first[j->depth] = true;
}

static void close_(struct jw *j, char c)
{
	bool empty = j->first[j->depth];
	if (j->depth > 0)
		j->depth--;
	if (!empty) {
		put(j, "\n", 1);
		indent(j);
	}
	put(j, &c, 1);
	if (j->depth == 0)
		put(j, "\n", 1);
}

void jw_obj(struct jw *j, const char *key)
{
	open_(j, key, '{');
}

void jw_arr(struct jw *j, const char *key)
{
	open_(j, key, '[');
}

void jw_end_obj(struct jw *j)
{
	close_(j, '}');
}

void jw_end_arr(struct jw *j)
{
	close_(j, ']');
}

void jw_str(struct jw *j, const char *key, const char *v)
{
	member(j, key);
	quoted(j, v);
}

void jw_int(struct jw *j, const char *key, int64_t v)
{
	char t[24];
	member(j, key);
	snprintf(t, sizeof t, "%lld", (long long)v);
	puts_(j, t);
}

void jw_bool(struct jw *j, const char *key, bool v)
{
	member(j, key);
	puts_(j, v ? "true" : "false");
}

void jw_tag(struct jw *j, const char *k, const char *v)
{
	jw_obj(j, NULL);
	jw_str(j, "Key", k);
	jw_str(j, "Value", v);
	jw_end_obj(j);
}

flowq_status gen_write_file(const char *path, const void *p, size_t n, struct flowq_error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return err_set(err, FLOWQ_ERR_IO, "%s: %s", path, strerror(errno));
	const char *c = p;
	while (n > 0) {
		ssize_t w = write(fd, c, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			close(fd);
			return err_set(err, FLOWQ_ERR_IO, "%s: %s", path, strerror(e));
		}
		c += w;
		n -= (size_t)w;
	}
	if (close(fd) != 0)
		return err_set(err, FLOWQ_ERR_IO, "%s: %s", path, strerror(errno));
	return FLOWQ_OK;
}
