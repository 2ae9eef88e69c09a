/* SPDX-License-Identifier: MIT */
/* The one text every hello variant writes. */
#define MSG "Hello from bedrock\n"
#define MSG_LEN ((long)sizeof MSG - 1)
