#define _XOPEN_SOURCE 700
#include <wchar.h>
#include "CWcwidth.h"

int ft_wcwidth(unsigned int c) { return wcwidth((wchar_t)c); }
