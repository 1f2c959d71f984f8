/*
 * initfini.c - the _init and _fini newlib's __libc_init_array and
 * __libc_fini_array call.
 *
 * Constructors and destructors run from .init_array/.fini_array
 * (linker/arm.ld); nothing here uses the old .init/.fini sections, so
 * these are empty. They are ARM code called from Thumb newlib; the
 * linker turns those calls into blx.
 */
void _init(void);
void _fini(void);

void _init(void)
{
}

void _fini(void)
{
}
