-- only a comment
/* and /* nested */ block */
