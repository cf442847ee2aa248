/*
 * The prefork server: a supervisor that opens the socket and keeps N
 * single-threaded workers alive, each with its own database connection.
 */
#ifndef SERVER_H
#define SERVER_H

struct app;

int server_run(struct app *);

#endif /* !SERVER_H */
