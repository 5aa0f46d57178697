"""Demo data: a believable site for `make run` and the browser tests (`load_demo_data`).

This app sits above every other: it imports them all, and none of them imports it."""
