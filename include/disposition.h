/*
 * Content-Disposition for downloads (RFC 6266): "attachment" with the
 * file's own name as filename* (RFC 8187, the successor of RFC 5987:
 * UTF-8, percent-encoded), which every current browser prefers, and an
 * ASCII filename for the clients that know only that.
 */
#ifndef DISPOSITION_H
#define DISPOSITION_H

struct buf;

void disposition_attachment(struct buf *, const char *, const char *);

#endif /* !DISPOSITION_H */
