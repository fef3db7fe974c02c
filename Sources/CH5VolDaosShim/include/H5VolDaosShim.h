#ifndef H5VOLDAOS_SHIM_H
#define H5VOLDAOS_SHIM_H
/* What the Swift half of the connector needs from the C half: the class table it registers
 * (H5Pset_fapl_daos) and compares against (objects of other connectors). */
#include <hdf5.h>

const H5VL_class_t *h5vd_class(void);

#endif
