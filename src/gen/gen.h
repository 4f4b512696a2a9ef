/*
 * gen.h - `flowq generate`: a synthetic but realistic VPC and its flow logs,
 * written exactly as AWS delivers them to S3, plus the AWS inventory of that
 * VPC (as the AWS CLI prints it) and a manifest of the planted incidents.
 * It is the sample data of `make demo`, the tests and the benchmarks, so it
 * is deterministic by seed.
 */
#ifndef FQ_GEN_H
#define FQ_GEN_H

#include "base/base.h"

enum gen_format { GEN_V2, GEN_V5 };

struct gen_opts {
	uint64_t records;     /* total flow log records (approximate to within one file) */
	int days;             /* >= 1 */
	int start_y, start_m, start_d; /* first day, UTC */
	uint64_t seed;
	enum gen_format format;
	int threads;          /* compression threads (>= 1) */
	const char *outdir;
	bool quiet;           /* no progress */
	/* progress callback (may be NULL): called from time to time with the
	 * records written so far; the CLI prints it on a terminal */
	void (*progress)(void *ctx, uint64_t done, uint64_t total);
	void *progress_ctx;
};

struct gen_result {
	uint64_t records;      /* records written (header lines not counted) */
	uint64_t files;        /* .log.gz files written */
	uint64_t bytes_gz;     /* compressed bytes written */
	uint64_t bytes_raw;    /* uncompressed bytes */
};

/*
 * Write the sample tree under opts->outdir:
 *   AWSLogs/<account>/vpcflowlogs/<region>/YYYY/MM/DD/<account>_vpcflowlogs_<region>_<flow-log-id>_YYYYMMDDTHHmmZ_<hash>.log.gz
 *   inventory/describe-subnets.json, describe-network-interfaces.json,
 *   describe-security-groups.json, describe-nat-gateways.json
 *   manifest.json (what was planted: incidents with their addresses, ports, times)
 * Returns FLOWQ_OK, FLOWQ_ERR_IO (err names the path), FLOWQ_ERR_USAGE
 * (bad options) or FLOWQ_ERR_NOMEM.  Never prints.
 */
flowq_status gen_run(const struct gen_opts *opts, struct gen_result *res, struct flowq_error *err);

#endif
