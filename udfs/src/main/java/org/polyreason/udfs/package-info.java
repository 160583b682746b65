/** Pure scoring and statistics code plus Spark UDF wrappers; no IO, no Spark jobs. */
package org.polyreason.udfs;
