#ifndef FRESHTRACK_CWCWIDTH_H
#define FRESHTRACK_CWCWIDTH_H
// libc's wcwidth(3), which Swift's Glibc module leaves out (it is an X/Open extension).

/// Columns the code point `c` takes under the calling thread's LC_CTYPE, or -1 when it is
/// not printable there.
int ft_wcwidth(unsigned int c);
#endif
