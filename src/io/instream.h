/*
 * instream.h - one input file (or stdin) as a stream of bytes, gunzipped on
 * the fly when it starts with the gzip magic (whatever its name says).
 *
 * Decompression is streaming (ISA-L's igzip, measured fastest here; see
 * docs/performance.md): the caller pulls output in chunks that stay in the
 * CPU cache while they are parsed.  Concatenated gzip members are read one
 * after another, as gzip(1) does.  A corrupt or truncated stream ends the
 * stream with FLOWQ_ERR_GZIP; what was decompressed before stays valid.
 */
#ifndef FQ_INSTREAM_H
#define FQ_INSTREAM_H

#include "base/base.h"

struct inflate_state;

struct instream {
	int fd;
	bool own_fd;
	bool gzip;
	bool in_eof;      /* no more input bytes */
	bool done;        /* no more output */
	bool member_end;  /* between gzip members */
	bool hdr_pending; /* a member starts here: check its header flags first */
	uint8_t *ibuf;
	size_t icap, ilen, ipos;
	struct inflate_state *z;
	uint64_t bytes_in;   /* compressed (or plain) bytes read */
	uint64_t bytes_out;  /* bytes handed out */
	int members;
	const char *path;
};

/* Open path ("-" = stdin) and sniff the first bytes.  FLOWQ_ERR_IO with the
 * reason in err when it cannot be opened. */
flowq_status ins_open(struct instream *s, const char *path, struct flowq_error *err);
/*
 * Read up to cap bytes into out.  *got == 0 means the end of the stream.
 * Returns FLOWQ_OK, FLOWQ_ERR_IO (read failed) or FLOWQ_ERR_GZIP (corrupt,
 * truncated or trailing garbage: err says which); after an error *got still
 * counts the bytes produced before it (valid data), and the stream has ended.
 */
flowq_status ins_read(struct instream *s, uint8_t *out, size_t cap, size_t *got,
		      struct flowq_error *err);
/* Close and free; NULL-safe and safe to call twice. */
void ins_close(struct instream *s);

#endif
