#ifndef FRESHTRACK_COPENSSL_SHIM_H
#define FRESHTRACK_COPENSSL_SHIM_H
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509.h>

// Swift 6 cannot call function-like macros: wrap the ones HostProbe's TLS probe uses.
static inline long ft_ssl_set_tlsext_host_name(SSL *ssl, const char *name) {
    return SSL_set_tlsext_host_name(ssl, name);
}
#endif
