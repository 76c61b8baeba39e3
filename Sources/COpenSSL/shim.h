#ifndef FRESHTRACK_COPENSSL_SHIM_H
#define FRESHTRACK_COPENSSL_SHIM_H
// Types and constants only: HostProbe loads libssl.so.3 with dlopen when a TLS probe first
// runs (LibSSL in Network.swift), so nothing here is linked and no function here is called.
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#endif
