/*
 * Contact e-mail address check.
 *
 * Policy: a contact address must be deliverable by ordinary mail systems
 * and unambiguous when a person reads it back, so only the practical
 * RFC 5321 subset "dot-atom@domain" is accepted:
 *
 *  - local part: RFC 5322 atext (ASCII letters, digits and
 *    ! # $ % & ' * + - / = ? ^ _ ` { | } ~) and dots, no leading,
 *    trailing or consecutive dot, 1..64 octets;
 *  - domain: at least two LDH labels (letters, digits, hyphen) of
 *    1..63 octets without a leading or trailing hyphen, the last not
 *    beginning with a digit (RFC 3696 section 2 rules out numeric
 *    TLDs, no TLD begins with a digit, and "user@192.168.0.1" is an
 *    address literal written without its brackets);
 *  - the whole address 254 octets at most (RFC 5321 4.5.3.1.3 path
 *    limit less the angle brackets), which keeps the domain within
 *    the 253 octets of a DNS name.
 *
 * Refused although RFC 5321 or 5322 allow them: quoted strings,
 * comments, folding white space, address literals ("[192.0.2.1]"),
 * obsolete syntax, dotless domains ("user@localhost", "a@com": no
 * public mailbox lives at a TLD), and non-ASCII (SMTPUTF8 / IDN
 * U-labels; punycode "xn--" labels are accepted).  Full-width input
 * ("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ") must go through text_halfwidth() first.
 *
 * Against the isemail suite this accepts every ISEMAIL_VALID_CATEGORY
 * and ISEMAIL_DNSWARN case except "test@io", whose only difference from
 * the refused ISEMAIL_RFC5321_TLD cases ("test@org") is that the suite
 * found an MX record at the TLD "io" when it was written.
 */
#ifndef EMAIL_H
#define EMAIL_H

#include <stddef.h>

int email_valid(const char *);
int email_valid_len(const char *, size_t);

#endif /* !EMAIL_H */
