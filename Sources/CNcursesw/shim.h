#ifndef FRESHTRACK_CNCURSESW_SHIM_H
#define FRESHTRACK_CNCURSESW_SHIM_H
// SwiftPM drops pkg-config's -D flags, so ask for the wide-character API here.
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <curses.h>

// Swift 6 rejects C globals and function-like macros: wrap them.
static inline WINDOW *ft_stdscr(void) { return stdscr; }
static inline int ft_lines(void) { return LINES; }
static inline int ft_cols(void) { return COLS; }
static inline int ft_key_f(int n) { return KEY_F(n); }
static inline attr_t ft_a_bold(void) { return A_BOLD; }
static inline attr_t ft_a_reverse(void) { return A_REVERSE; }
static inline attr_t ft_a_underline(void) { return A_UNDERLINE; }
static inline attr_t ft_a_dim(void) { return A_DIM; }
static inline attr_t ft_a_normal(void) { return A_NORMAL; }
static inline int ft_color_pair(int n) { return COLOR_PAIR(n); }
#endif
