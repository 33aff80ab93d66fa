/* Scan code set 1 to characters: modifiers, Caps Lock, arrows, prefixes. */
#include "host_test.h"
#include "kernel/console.h"

static char output[64];
static size_t output_length;

static void put(CHAR Character)
{
    if (output_length + 1 < sizeof(output))
        output[output_length++] = Character;
    output[output_length] = '\0';
}

/* Feeds the codes to a fresh keyboard and returns what came out. */
static const char *type(const unsigned char *Codes, size_t Count)
{
    KEYBOARD_STATE State;
    size_t Index;

    memset(&State, 0, sizeof(State));
    output_length = 0;
    output[0] = '\0';
    for (Index = 0; Index < Count; Index++)
        HaliTranslateScanCode(&State, Codes[Index], put);
    return output;
}

#define TYPE(...)                                                              \
    type((const unsigned char[]){__VA_ARGS__},                                 \
         sizeof((const unsigned char[]){__VA_ARGS__}))

static void plain_keys_give_their_characters(void)
{
    CHECK_STR(TYPE(0x23, 0xA3, 0x17, 0x97, 0x39, 0x02, 0x0B, 0x1C), "hi 10\n");
    CHECK_STR(TYPE(0x0E, 0x0F, 0x01, 0x2B, 0x35), "\b\t\x1b\\/");
    /* Releases alone and unknown codes give nothing. */
    CHECK_STR(TYPE(0x9E, 0xA3, 0x3B, 0x58, 0x00), "");
}

static void shift_selects_the_upper_row_while_held(void)
{
    CHECK_STR(TYPE(0x2A, 0x23, 0x02, 0xAA, 0x23), "H!h");
    CHECK_STR(TYPE(0x36, 0x33, 0x28, 0xB6, 0x33), "<\",");
    /* Both shifts: released one at a time, still shifted in between. */
    CHECK_STR(TYPE(0x2A, 0x36, 0xAA, 0x1E, 0xB6, 0x1E), "Aa");
}

static void caps_lock_toggles_letters_only(void)
{
    CHECK_STR(TYPE(0x3A, 0xBA, 0x1E, 0x02, 0x2A, 0x1E, 0xAA, 0x3A, 0x1E),
              "A1aa");
}

static void control_gives_control_characters(void)
{
    CHECK_STR(TYPE(0x1D, 0x2E, 0x9D, 0x2E), "\x03"
                                            "c");
    /* The right Control key comes with the E0 prefix. */
    CHECK_STR(TYPE(0xE0, 0x1D, 0x1A, 0xE0, 0x9D, 0x1A), "\x1b[");
}

static void arrows_become_vt100_sequences(void)
{
    CHECK_STR(TYPE(0xE0, 0x48, 0xE0, 0xC8, 0xE0, 0x50, 0xE0, 0x4D, 0xE0, 0x4B),
              "\x1b[A\x1b[B\x1b[C\x1b[D");
    /* Home, End and Delete as a VT220 sends them. */
    CHECK_STR(TYPE(0xE0, 0x47, 0xE0, 0x4F, 0xE0, 0x53, 0xE0, 0xD3),
              "\x1b[H\x1b[F\x1b[3~");
    /* Keypad Enter and slash; the fake shifts around some keys do not
     * change the shift state. */
    CHECK_STR(TYPE(0xE0, 0x1C, 0xE0, 0x35, 0xE0, 0x2A, 0x1E), "\n/a");
}

int main(void)
{
    RUN(plain_keys_give_their_characters);
    RUN(shift_selects_the_upper_row_while_held);
    RUN(caps_lock_toggles_letters_only);
    RUN(control_gives_control_characters);
    RUN(arrows_become_vt100_sequences);
    HOST_TEST_EXIT();
}
