"""What draws: pictures of a network and its decision, the curves of a History, films of
training.

- pictures.py: a network's picture drawn once (draw_network, render_network)
- network_picture.py: its artists, made once and recoloured frame by frame (NetworkPicture)
- figures.py: matplotlib figures, the curves of a History
- film.py: a Recording as a film, a page or a GIF
- boundary.py: the decision boundary's geometry
- geometry.py: the plane around the data
"""
