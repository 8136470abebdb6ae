"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) under /open311/v2/.

`router` holds the endpoints, `render` the two formats, `errors` the spec's error bodies,
`schemas` the fields of services and requests, `filters` the request list's arguments and window,
`posting` the POST of a new request (API key, checks, rate limit).
"""
