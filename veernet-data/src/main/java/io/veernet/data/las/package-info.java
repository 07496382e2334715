/** LAS 2.0 and CSV files of digitised curves: the record model, atomic writers and checking readers. */
package io.veernet.data.las;
