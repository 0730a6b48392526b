#include "CHelpers.h"
#include <stdio.h>

void chelpers_line_buffer_stdout(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
}
