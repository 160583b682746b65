/** polyreason: Spark jobs, DJL inference, analysis and the command-line launcher. */
package org.polyreason;
