/*
 * instream.c - file reading and streaming gunzip with ISA-L.
 *
 * Input is read in 1 MiB blocks; ISA-L's inflate state (about 40 KiB,
 * mostly its history window) is allocated once per stream.  Gzip members
 * are detected by their magic bytes at the start of the stream and after
 * each member's trailer (ISA-L checks each member's CRC-32 and length).
 * Zero bytes after the last member (tape padding) are ignored, as gzip(1)
 * does; anything else there is reported as trailing garbage.
 */
#include "instream.h"

#include <errno.h>
#include <fcntl.h>
#include <isa-l/igzip_lib.h>
#include <stdlib.h>
#include <unistd.h>

#define INBUF_SIZE (1u << 20)

static flowq_status fill(struct instream *s, struct flowq_error *err)
{
	if (s->ipos > 0 && s->ipos < s->ilen) {
		memmove(s->ibuf, s->ibuf + s->ipos, s->ilen - s->ipos);
		s->ilen -= s->ipos;
		s->ipos = 0;
	} else if (s->ipos >= s->ilen) {
		s->ilen = s->ipos = 0;
	}
	while (!s->in_eof && s->ilen < s->icap) {
		ssize_t n = read(s->fd, s->ibuf + s->ilen, s->icap - s->ilen);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return err_set(err, FLOWQ_ERR_IO, "%s: read error: %s", s->path, strerror(errno));
		}
		if (n == 0) {
			s->in_eof = true;
			break;
		}
		s->ilen += (size_t)n;
		s->bytes_in += (uint64_t)n;
		if (s->fd == 0)
			break; /* a pipe: hand out what we have */
	}
	return FLOWQ_OK;
}

flowq_status ins_open(struct instream *s, const char *path, struct flowq_error *err)
{
	memset(s, 0, sizeof *s);
	s->fd = -1;
	s->path = path;
	if (!path)
		return err_set(err, FLOWQ_ERR_IO, "no path");
	if (strcmp(path, "-") == 0) {
		s->fd = 0;
	} else {
		s->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (s->fd < 0)
			return err_set(err, FLOWQ_ERR_IO, "%s: %s", path, strerror(errno));
		s->own_fd = true;
#ifdef POSIX_FADV_SEQUENTIAL
		posix_fadvise(s->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	}
	s->icap = INBUF_SIZE;
	s->ibuf = malloc(s->icap);
	if (!s->ibuf) {
		ins_close(s);
		return err_set(err, FLOWQ_ERR_NOMEM, "out of memory opening %s", path);
	}
	/* sniff: wait for at least 2 bytes or EOF */
	while (s->ilen < 2 && !s->in_eof) {
		flowq_status st = fill(s, err);
		if (st) {
			ins_close(s);
			return st;
		}
	}
	if (s->ilen >= 2 && s->ibuf[0] == 0x1f && s->ibuf[1] == 0x8b) {
		s->gzip = true;
		/* zeroed: on a corrupt stream ISA-L can copy a back-reference from
		 * its history window before any history was written (valgrind shows
		 * it), and what it hands out must not depend on stale memory */
		s->z = calloc(1, sizeof *s->z);
		if (!s->z) {
			ins_close(s);
			return err_set(err, FLOWQ_ERR_NOMEM, "out of memory opening %s", path);
		}
		isal_inflate_init(s->z);
		s->z->crc_flag = ISAL_GZIP;
		s->hdr_pending = true;
	}
	return FLOWQ_OK;
}

static const char *isal_reason(int rc)
{
	switch (rc) {
	case ISAL_INVALID_BLOCK: return "invalid deflate block";
	case ISAL_INVALID_SYMBOL: return "invalid deflate symbol";
	case ISAL_INVALID_LOOKBACK: return "invalid back-reference distance";
	case ISAL_INVALID_WRAPPER: return "invalid gzip header";
	case ISAL_UNSUPPORTED_METHOD: return "unsupported compression method";
	case ISAL_INCORRECT_CHECKSUM: return "CRC-32 or length mismatch";
	default: return "decompression failed";
	}
}

static flowq_status read_gzip(struct instream *s, uint8_t *out, size_t cap, size_t *got,
			      struct flowq_error *err)
{
	size_t produced = 0;
	flowq_status st = FLOWQ_OK;
	while (produced < cap && !s->done) {
		if (s->member_end) {
			/* between members: another member, padding, or garbage */
			if (s->ilen - s->ipos < 2 && !s->in_eof) {
				st = fill(s, err);
				if (st)
					goto fail;
				continue;
			}
			size_t left = s->ilen - s->ipos;
			if (left == 0) {
				s->done = true;
				break;
			}
			if (left >= 2 && s->ibuf[s->ipos] == 0x1f && s->ibuf[s->ipos + 1] == 0x8b) {
				isal_inflate_reset(s->z);
				s->z->crc_flag = ISAL_GZIP;
				s->member_end = false;
				s->hdr_pending = true;
				continue;
			}
			bool zeros = true;
			for (size_t i = s->ipos; i < s->ilen; i++)
				if (s->ibuf[i]) {
					zeros = false;
					break;
				}
			if (zeros) {
				s->ipos = s->ilen;
				if (s->in_eof) {
					s->done = true;
					break;
				}
				continue;
			}
			s->done = true;
			*got = produced;
			return err_set(err, FLOWQ_ERR_GZIP, "%s: trailing garbage after gzip data", s->path);
		}
		if (s->ipos >= s->ilen && !s->in_eof) {
			st = fill(s, err);
			if (st)
				goto fail;
		}
		if (s->hdr_pending) {
			/* RFC 1952: the reserved flag bits must be zero.  ISA-L ignores
			 * them, zlib and gzip(1) refuse the member: so do we. */
			if (s->ilen - s->ipos < 4 && !s->in_eof) {
				flowq_status fst = fill(s, err);
				if (fst)
					return fst;
				continue;
			}
			if (s->ilen - s->ipos >= 4 && (s->ibuf[s->ipos + 3] & 0xe0)) {
				s->done = true;
				*got = produced;
				return err_set(err, FLOWQ_ERR_GZIP,
					       "%s: corrupt gzip data: reserved header flags set", s->path);
			}
			s->hdr_pending = false;
		}
		struct inflate_state *z = s->z;
		z->next_in = s->ibuf + s->ipos;
		z->avail_in = (uint32_t)(s->ilen - s->ipos);
		z->next_out = out + produced;
		z->avail_out = (uint32_t)(cap - produced);
		uint32_t in_before = z->avail_in, out_before = z->avail_out;
		int rc = isal_inflate(z);
		s->ipos += in_before - z->avail_in;
		produced += out_before - z->avail_out;
		if (rc < 0) {
			s->done = true;
			*got = produced;
			return err_set(err, FLOWQ_ERR_GZIP, "%s: corrupt gzip data: %s", s->path,
				       isal_reason(rc));
		}
		if (z->block_state == ISAL_BLOCK_FINISH) {
			s->members++;
			s->member_end = true;
			continue;
		}
		if (in_before == z->avail_in && out_before == z->avail_out) {
			if (s->in_eof && s->ipos >= s->ilen) {
				s->done = true;
				*got = produced;
				return err_set(err, FLOWQ_ERR_GZIP, "%s: truncated gzip data", s->path);
			}
			st = fill(s, err);
			if (st)
				goto fail;
		}
	}
	*got = produced;
	return FLOWQ_OK;
fail:
	/* a read error: the bytes inflated before it are still handed out */
	s->done = true;
	*got = produced;
	return st;
}

flowq_status ins_read(struct instream *s, uint8_t *out, size_t cap, size_t *got,
		      struct flowq_error *err)
{
	*got = 0;
	if (s->done)
		return FLOWQ_OK;
	flowq_status st;
	if (s->gzip) {
		st = read_gzip(s, out, cap, got, err);
	} else {
		size_t produced = 0;
		while (produced < cap) {
			if (s->ipos >= s->ilen) {
				if (s->in_eof)
					break;
				st = fill(s, err);
				if (st) {
					/* keep what was copied before the read error */
					s->done = true;
					*got = produced;
					s->bytes_out += produced;
					return st;
				}
				if (s->ipos >= s->ilen && s->in_eof)
					break;
				if (produced && s->fd == 0)
					break;
				continue;
			}
			size_t n = FQ_MIN(cap - produced, s->ilen - s->ipos);
			memcpy(out + produced, s->ibuf + s->ipos, n);
			s->ipos += n;
			produced += n;
		}
		if (produced == 0)
			s->done = true;
		*got = produced;
		st = FLOWQ_OK;
	}
	s->bytes_out += *got;
	return st;
}

void ins_close(struct instream *s)
{
	if (!s)
		return;
	if (s->own_fd && s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	s->own_fd = false;
	free(s->ibuf);
	s->ibuf = NULL;
	free(s->z);
	s->z = NULL;
}
