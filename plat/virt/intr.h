/*
 * intr.h - device lines on ARM virt (intr.c): what a driver tells of its
 * line from the device tree.
 */
#ifndef GORO_VIRT_INTR_H
#define GORO_VIRT_INTR_H

/* The device tree's first interrupt cell: 0 an SPI, 1 a PPI; the GIC's ids for them start at 32 and 16. */
#define DT_IRQ_SPI              0
#define GIC_SPI_BASE            32
/* Its third cell's trigger bits: 1 rising edge, 4 level high. */
#define DT_IRQ_EDGE_RISING      1

/*
 * intr_trigger routes device line irq (a GIC id, an SPI) to CPU 0, still
 * masked, edge-triggered (edge 1) or level-sensitive (0): called when the
 * driver finds its device, before the device can raise the line. Telling
 * it again the same is nothing; otherwise a fatal error. A line nobody
 * described is routed level-sensitive at its first intr_unmask.
 */
void intr_trigger(int irq, int edge);

/* virt_devices_scan records the device tree's virtio-mmio transports (devices.c), at the first machine_virtio_mmio. */
void virt_devices_scan(void);

#endif
