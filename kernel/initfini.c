/*
 * initfini.c - the _init and _fini newlib's __libc_init_array and
 * __libc_fini_array call around the .init_array/.fini_array walk.
 *
 * goro has no .init/.fini sections (no crti/crtn): constructors and
 * destructors are reached only through .init_array/.fini_array (see
 * linker/<arch>.ld), so both are empty.
 */
void _init(void);
void _fini(void);

void _init(void)
{
}

void _fini(void)
{
}
